"""Production readiness: least-privilege roles, forgetting a person, retention, batched cron runs."""

import shutil

import psycopg
import pytest
from yoyo import get_backend, read_migrations

from runner import MIGRATIONS_DIR
from runner.errors import DatabaseError
from runner.migrate import Migrator, Settings, _yoyo_uri
from runner.schema import module_schemas
from tests.conftest import quiet
from tests.conftest import EXPORTED_SAMPLE
from tests.helpers import add_user, rows, run, scalar, snapshot

ROLES = ("gamedb_owner", "gamedb_app", "gamedb_readonly")


def refused_as(conn, statement, match="permission denied"):
    with pytest.raises(psycopg.Error, match=match):
        conn.execute(statement)


# ---- roles ----------------------------------------------------------------------------

def test_the_owner_role_owns_every_schema_and_object(db):
    assert db.execute("select rolname, rolcanlogin from pg_roles where rolname like 'gamedb\\_%' order by 1"
                      ).fetchall() == [("gamedb_app", False), ("gamedb_owner", False), ("gamedb_readonly", False)]
    owners = db.execute(
        "select distinct pg_get_userbyid(c.relowner) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where n.nspname = any(%s) union select distinct pg_get_userbyid(nspowner) from pg_namespace"
        " where nspname = any(%s) union select distinct pg_get_userbyid(p.proowner) from pg_proc p"
        " join pg_namespace n on n.oid = p.pronamespace where n.nspname = any(%s)",
        [module_schemas(db)] * 3).fetchall()
    assert owners == [("gamedb_owner",)]


def test_only_the_three_roles_hold_privileges(db):
    grantees = {r[0] for r in db.execute(
        "select distinct a.grantee::regrole::text from pg_class c join pg_namespace n on n.oid = c.relnamespace,"
        " aclexplode(c.relacl) a where n.nspname = any(%s)", [module_schemas(db)]).fetchall()}
    assert grantees == set(ROLES)


def test_the_app_role_works_but_cannot_change_ledgers_run_ddl_or_truncate(login_as, db):
    user = add_user(db, 1001)
    app = login_as("gamedb_app")
    app.execute("insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason)"
                " values (%s, 'ANSWER_ACCEPTED', 10, 10, 'ok')", [user])
    app.execute("update core.users set preferred_language = 'hi' where id = %s", [user])
    assert scalar(app, "select total_xp from core.users where id = %s", [user]) == 10
    for statement in (
        "update reward.xp_ledger set final_xp = 0",
        "delete from reward.reputation_ledger",
        "delete from core.gamification_settings_history",
        "update reward.leaderboard_snapshots set rank = 1",
        "truncate reward.badges",
        "truncate reward.xp_ledger",
        "insert into reward.award_rules (key, badge_id, query) values ('x', 1, 'select 1 as user_id')",
        "create table core.scratch (id int)",
        "alter table core.users add column scratch int",
        "drop table reward.badges",
    ):
        refused_as(app, statement, match="permission denied|must be owner")
    app.close()


def test_the_readonly_role_reads_reports_but_never_personal_columns(login_as, db):
    user = add_user(db, 1002)
    db.execute("update core.users set email = 'asha@example.com', first_name = 'Asha' where id = %s", [user])
    db.execute("insert into chat.conversation_logs (user_id, session_id, phone_number, user_message)"
               " values (%s, 's', '+919812345678', 'my address is ...')", [user])
    reader = login_as("gamedb_readonly")
    phone = scalar(db, "select phone from core.users where id = %s", [user])
    assert reader.execute("select phone, email from report.users where id = %s", [user]).fetchone() == (
        "*" * (len(phone) - 2) + phone[-2:], "a***@example.com")
    assert reader.execute("select phone_number, user_message_length from report.conversation_logs").fetchone() == (
        "***********78", 17)
    assert scalar(reader, "select total_xp from core.users where id = %s", [user]) == 0
    assert scalar(reader, "select count(*) from reward.xp_ledger") == 0
    for statement in ("select phone from core.users", "select * from core.users", "select email from core.users",
                      "select first_name from core.users", "select user_message from chat.conversation_logs",
                      "select content from chat.conversation_memory", "select text from chat.training_samples",
                      "select access_token from core.accounts", "select token from core.verification_tokens",
                      "select child_display_name from quest.child_privacy_settings",
                      "insert into reward.badges (key, name) values ('x', 'x')", "delete from core.event_logs"):
        refused_as(reader, statement)
    reader.close()


def test_query_run_as_a_role(gamedb, db):
    db.execute("insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason)"
               " values (%s, 'X', 5, 5, 'r')", [add_user(db, 1003)])
    assert gamedb("query", "run", "xp_leaderboard", "--role", "gamedb_app").exit_code == 0
    names = gamedb("query", "run", "xp_leaderboard", "--role", "gamedb_readonly")
    assert names.exit_code == 3 and "permission denied for table users" in names.stderr
    assert gamedb("query", "run", "game_stats", "--role", "gamedb_readonly").exit_code == 0
    before = snapshot(db)
    written = gamedb("query", "run", "setting_set", "-p", "key=max_games_per_day", "-p", "value=3",
                     "-p", "changed_by=ops", "--role", "gamedb_readonly")
    assert written.exit_code == 3 and "permission denied for function set_setting" in written.stderr
    unknown = gamedb("query", "run", "game_stats", "--role", "nobody_here")
    assert unknown.exit_code == 3 and 'role "nobody_here" does not exist' in unknown.stderr
    assert snapshot(db) == before


def test_yoyo_itself_sees_what_gamedb_applied_and_a_failed_file_leaves_nothing(tmp_path, db_url, db):
    """gamedb runs the SQL itself but keeps yoyo's tables as yoyo would: yoyo agrees on what is applied."""
    backend = get_backend(_yoyo_uri(db_url, Settings()))
    try:
        applied = set(backend.get_applied_migration_hashes())
        assert applied == {m.hash for m in read_migrations(str(MIGRATIONS_DIR))}
    finally:
        backend.connection.close()
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder)
    (folder / "9001_core_half.sql").write_text(
        "-- Fails half way, as the owner role.\ncreate table core.half (id int);\nselect 1 / 0;\n")
    (folder / "9001_core_half.rollback.sql").write_text("-- Undo.\ndrop table core.half;\n")
    before = snapshot(db)
    with pytest.raises(DatabaseError, match="9001_core_half failed and was rolled back: division by zero"):
        Migrator(db_url, Settings(), quiet, folder).migrate()
    assert scalar(db, "select to_regclass('core.half')") is None
    assert scalar(db, "select count(*) from _yoyo_migration where migration_id = '9001_core_half'") == 0
    assert snapshot(db) == before


def test_new_migrations_run_as_the_owner_role(tmp_path, db_url, db):
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder)
    (folder / "9001_core_scratch.sql").write_text("-- A new table.\ncreate table core.scratch (id int);\n")
    (folder / "9001_core_scratch.rollback.sql").write_text("-- Undo.\ndrop table core.scratch;\n")
    migrator = Migrator(db_url, Settings(), quiet, folder)
    migrator.migrate()
    assert scalar(db, "select pg_get_userbyid(relowner) from pg_class where oid = 'core.scratch'::regclass") == (
        "gamedb_owner")
    # Default privileges give the new table to the app and read-only roles.
    assert db.execute("select has_table_privilege('gamedb_app', 'core.scratch', 'insert'),"
                      " has_table_privilege('gamedb_readonly', 'core.scratch', 'select')").fetchone() == (True, True)
    migrator.rollback(count=1, to=None, everything=False)
    migrator.close()
    assert scalar(db, "select to_regclass('core.scratch')") is None


# ---- forgetting a person -------------------------------------------------------------

def test_forget_user_erases_personal_data_in_every_module_and_keeps_the_ledgers(gamedb, db, person):
    user, quest = person["user"], person["quest"]
    changed = {(r["module"], r["table_name"]): r["rows_changed"]
               for r in rows(run(gamedb, "forget_user", f"user_id={user}"))}
    assert changed[("quest", "child_privacy_settings")] == 1 and changed[("quest", "quest_progress")] == 1
    assert changed[("chat", "conversation_logs")] == 2 and changed[("chat", "conversation_memory")] == 1
    assert changed[("chat", "training_samples (not exported)")] == 1
    assert changed[("chat", "training_samples (exported)")] == 1
    assert changed[("core", "accounts")] == 1 and changed[("core", "users")] == 1
    assert db.execute("select phone, email, first_name, last_name, parent_name, interests, leaderboard_opt_out,"
                      " forgotten_at is not null, total_xp from core.users where id = %s", [user]).fetchone() == (
        None, None, None, None, None, None, True, True, 40)
    assert db.execute("select count(*) filter (where phone_number is not null or user_message <> ''"
                      " or bot_response is not null) from chat.conversation_logs").fetchone() == (0,)
    assert db.execute("select text, user_id from chat.training_samples order by id").fetchall() == [
        ("", user), ("book a table", None)]
    assert db.execute("select child_display_name, progress_sync_consent from quest.child_privacy_settings"
                      " where user_id = %s", [user]).fetchone() == (None, False)
    assert scalar(db, "select review_text from quest.quest_ratings where user_id = %s", [user]) is None
    assert scalar(db, "select sum(final_xp) from reward.xp_ledger where user_id = %s", [user]) == 40
    # The consent rules still hold: nothing syncs for the forgotten child.
    sync = run(gamedb, "sync_quest_progress", f"user_id={user}", f"quest_id={quest}", "current_step=3")
    assert sync.exit_code == 3 and "consent" in sync.stderr
    assert gamedb("check").exit_code == 0
    again = rows(run(gamedb, "forget_user", f"user_id={user}"))
    assert {r["rows_changed"] for r in again} == {0}


def test_forget_user_refuses_an_unknown_user(gamedb, db):
    before = snapshot(db)
    missing = run(gamedb, "forget_user", "user_id=999999")
    assert missing.exit_code == 3 and "no user with id 999999" in missing.stderr
    assert snapshot(db) == before


# ---- retention -------------------------------------------------------------------------

def test_retention_removes_old_rows_in_batches_and_keeps_what_is_referenced(gamedb, db):
    user = add_user(db, 1201)
    db.execute("insert into chat.conversation_logs (session_id, user_message, created_at)"
               " select 'old', 'hi', now() - interval '400 days' from generate_series(1, 5)")
    db.execute("insert into chat.conversation_logs (session_id, user_message) values ('new', 'hello')")
    kept_log = scalar(db, "insert into chat.conversation_logs (session_id, user_message, created_at)"
                      " values ('old', 'exported', now() - interval '500 days') returning id")
    db.execute(EXPORTED_SAMPLE, [None, "exported", kept_log])
    db.execute("insert into chat.conversation_memory (user_id, content, created_at)"
               " values (%s, 'old', now() - interval '400 days'), (%s, 'new', now())", [user, user])
    db.execute("insert into core.event_logs (event_type, metadata, emitted_at, processed_at)"
               " values ('X', '{}', now() - interval '60 days', now() - interval '59 days'),"
               " ('X', '{}', now() - interval '60 days', null), ('X', '{}', now(), now())")
    result = run(gamedb, "apply_retention", "batch_size=2", fmt="jsonl")
    first = rows(result)
    assert first == [{"table_name": "chat.conversation_logs", "rows_removed": 2},
                     {"table_name": "chat.conversation_memory", "rows_removed": 1},
                     {"table_name": "core.event_logs", "rows_removed": 1}]
    repeated = gamedb("query", "run", "apply_retention", "-p", "batch_size=2", "--repeat", "--format", "jsonl")
    assert repeated.exit_code == 0 and "[run 3]" in repeated.stderr
    assert [r for r in rows(repeated)] == [{"table_name": "chat.conversation_logs", "rows_removed": 2},
                                           {"table_name": "chat.conversation_logs", "rows_removed": 1}]
    assert db.execute("select session_id, user_message from chat.conversation_logs order by id").fetchall() == [
        ("new", "hello"), ("old", "exported")]
    assert scalar(db, "select count(*) from chat.training_samples") == 1
    assert db.execute("select count(*), count(processed_at) from core.event_logs").fetchone() == (2, 1)
    assert rows(run(gamedb, "apply_retention")) == []


def test_repeat_is_for_write_queries_only(gamedb):
    refused = gamedb("query", "run", "game_stats", "--repeat")
    assert refused.exit_code == 2 and "only write queries that work in batches repeat" in refused.stderr
