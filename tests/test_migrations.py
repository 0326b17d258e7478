"""Migrations: order, rollback exactness, the schema dump, and the runner's guards.

The files of migrations/ are proven here to follow the conventions and to roll back exactly. The
runner's guards run on the small migrations of tests/fixtures/migrations/ (a toy module on an empty
database) where a test edits the files, holds a run part way or steps through the history, and on
migrations/ where one migration added after the last one is enough."""

import json
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from runner import MIGRATIONS_DIR
from runner.errors import DatabaseError, HistoryError
from runner.migrate import Migrator, Settings, applied_migrations, local_migrations
from runner.schema import SCHEMA_DOC, SCHEMA_SQL, dump_schema, module_schemas, schema_doc
from tests.conftest import quiet
from tests.helpers import (FIXTURE_MIGRATIONS, column_names, gamedb_on, migrate_fixtures, migration_before, migration_that,
                           scalar, schema_fingerprint, wait_for)

FIRST = local_migrations()[0].id
FAST = Settings(lock_timeout_ms=200, lock_retries=2, retry_base_seconds=0.05, wait_for_lock_seconds=5)


def user_objects(url: str) -> list[tuple]:
    """Every schema, relation, function and type outside the bookkeeping tables."""
    with psycopg.connect(url) as conn:
        return conn.execute(
            """
            select 'schema', nspname from pg_namespace
            where nspname not in ('public', 'information_schema') and nspname not like 'pg\\_%'
            union all
            select 'relation', c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relname not like '%yoyo%' and c.relname not like '_gamedb%'
            union all
            select 'function', p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = 'public'
            """
        ).fetchall()


@pytest.mark.parametrize("folder", [MIGRATIONS_DIR, FIXTURE_MIGRATIONS], ids=["migrations", "fixtures"])
def test_every_migration_has_a_rollback_and_a_module_name(folder):
    """The conventions of migrations/, which the fixtures the runner is tested on follow as well."""
    files = local_migrations(folder)
    assert files, f"no migrations in {folder}"
    for number, migration in enumerate(files, start=1):
        assert migration.id.startswith(f"{number:04d}_"), f"{migration.id} breaks the numbering"
        assert re.fullmatch(r"\d{4}_[a-z]+_[a-z0-9_]+", migration.id), f"{migration.id}: NNNN_<module>_<what>"
        assert migration.rollback_path.exists()
        first_line = migration.path.read_text().splitlines()[0]
        assert first_line.startswith("--"), f"{migration.id} must open with a comment that says why"


# A dropped column cannot be put back in its old place: its rollback adds it
# again at the end of the table. For these migrations (and only these) the
# columns are compared without their position; everything else, including
# each column's type, default and comment, must still be exactly as before.
COLUMNS_COME_BACK_LAST = {m.id for m in local_migrations() if re.search(r"\bdrop column\b", m.path.read_text())}


def without_column_positions(fingerprint: list[str]) -> list[str]:
    return sorted(re.sub(r"^(column \S+) \d+ ", r"\1 ", line) for line in fingerprint)


def check_rollbacks(url: str, migration_ids: list[str], folder: Path = MIGRATIONS_DIR) -> None:
    """Apply the migrations in turn, then roll them back in turn, comparing schemas.

    `url` is a database migrated up to just before the first of them. The
    schema is fingerprinted (what pg_dump prints, in one query) before the
    first migration and after each one. Rolling back the newest applied
    migration must give back exactly the schema from before it; every
    migration must change something (seeds aside). One migrate run and one
    rollback run do it all, fingerprinting after each step. That applying a
    migration again after its rollback rebuilds it is proven by
    test_rollback_all_leaves_an_empty_database_and_migrate_rebuilds_it.
    """
    migrator = Migrator(url, Settings(), quiet, folder=folder)
    with psycopg.connect(url, autocommit=True) as conn:
        schemas = [schema_fingerprint(conn)]
        migrator.on_step = lambda done, total: schemas.append(schema_fingerprint(conn))
        migrator.migrate(up_to=migration_ids[-1])
        restored = []
        migrator.on_step = lambda done, total: restored.append(schema_fingerprint(conn))
        migrator.rollback(count=len(migration_ids), to=None, everything=False)
    migrator.close()
    assert len(schemas) == len(restored) + 1 == len(migration_ids) + 1
    for n, migration_id in enumerate(migration_ids):
        assert schemas[n + 1] != schemas[n] or "_seed_" in migration_id, f"{migration_id} changed nothing"
    # In the order they were rolled back: what one rollback leaves behind
    # is still there after the older ones, so the first mismatch names it.
    for n, back in zip(reversed(range(len(migration_ids))), restored):
        migration_id, before = migration_ids[n], schemas[n]
        if migration_id in COLUMNS_COME_BACK_LAST:
            assert n == 0, f"{migration_id} drops a column: it must start a part"
            back, before = without_column_positions(back), without_column_positions(before)
        assert back == before, (f"rolling back {migration_id} did not restore the schema",
                                sorted(set(back) ^ set(before)))


def test_each_migration_rolls_back_to_the_exact_previous_schema(empty_db_url, migrated_to):
    """Every migration up, then every one down, each compared object by object with the schema before it.

    The migrations are split in parts, two checked at once, each on a database
    migrated up to the part's start. A part starts at each migration that drops
    a column: rolling it back puts the column back at the end of its table,
    which would shift the positions every older migration's rollback is
    compared on.
    """
    ids = [f.id for f in local_migrations()]
    starts = sorted({0, len(ids) // 4, len(ids) // 2} | {ids.index(i) for i in COLUMNS_COME_BACK_LAST})
    parts = [(migrated_to(ids[start - 1]) if start else empty_db_url, ids[start:end])
             for start, end in zip(starts, starts[1:] + [len(ids)])]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for done in [pool.submit(check_rollbacks, url, part) for url, part in parts]:
            done.result()


# One change of each kind the schema fingerprint compares, in an order each can be
# made and undone in, with its exact undo. The rollback proof must see every one of
# them (a change it cannot see would pass a rollback that forgets it) and must pass
# them all when each is undone.
CHANGES_OF_EVERY_KIND = [
    ("schema", "create schema proof_scratch", "drop schema proof_scratch"),
    ("schema_comment", "comment on schema proof_scratch is 'c'", "comment on schema proof_scratch is null"),
    ("schema_grant", "grant usage on schema proof_scratch to gamedb_readonly",
     "revoke usage on schema proof_scratch from gamedb_readonly"),
    ("default_privileges", "alter default privileges in schema proof_scratch grant select on tables to gamedb_readonly",
     "alter default privileges in schema proof_scratch revoke select on tables from gamedb_readonly"),
    ("table", "create table proof_scratch.t (id integer not null, note text)", "drop table proof_scratch.t"),
    ("table_comment", "comment on table proof_scratch.t is 'c'", "comment on table proof_scratch.t is null"),
    ("table_grant", "grant insert on proof_scratch.t to gamedb_app",
     "revoke insert on proof_scratch.t from gamedb_app"),
    ("table_options", "alter table proof_scratch.t set (fillfactor = 70)",
     "alter table proof_scratch.t reset (fillfactor)"),
    ("unlogged", "alter table proof_scratch.t set unlogged", "alter table proof_scratch.t set logged"),
    ("replica_identity", "alter table proof_scratch.t replica identity full",
     "alter table proof_scratch.t replica identity default"),
    ("row_level_security", "alter table proof_scratch.t enable row level security",
     "alter table proof_scratch.t disable row level security"),
    ("policy", "create policy t_positive on proof_scratch.t to gamedb_app using (id > 0)",
     "drop policy t_positive on proof_scratch.t"),
    ("column", "alter table proof_scratch.t add column extra integer", "alter table proof_scratch.t drop column extra"),
    ("column_type", "alter table proof_scratch.t alter column extra type bigint",
     "alter table proof_scratch.t alter column extra type integer"),
    ("column_default", "alter table proof_scratch.t alter column note set default 'n'",
     "alter table proof_scratch.t alter column note drop default"),
    ("column_not_null", "alter table proof_scratch.t alter column note set not null",
     "alter table proof_scratch.t alter column note drop not null"),
    ("column_collation", "alter table proof_scratch.t alter column note type text collate \"C\"",
     "alter table proof_scratch.t alter column note type text collate \"default\""),
    ("column_storage", "alter table proof_scratch.t alter column note set storage main",
     "alter table proof_scratch.t alter column note set storage extended"),
    ("column_statistics", "alter table proof_scratch.t alter column note set statistics 500",
     "alter table proof_scratch.t alter column note set statistics -1"),
    ("column_options", "alter table proof_scratch.t alter column note set (n_distinct = 10)",
     "alter table proof_scratch.t alter column note reset (n_distinct)"),
    ("column_comment", "comment on column proof_scratch.t.note is 'c'",
     "comment on column proof_scratch.t.note is null"),
    ("column_grant", "grant update (note) on proof_scratch.t to gamedb_app",
     "revoke update (note) on proof_scratch.t from gamedb_app"),
    ("constraint", "alter table proof_scratch.t add constraint t_id_check check (id > 0) not valid",
     "alter table proof_scratch.t drop constraint t_id_check"),
    ("constraint_comment", "comment on constraint t_id_check on proof_scratch.t is 'c'",
     "comment on constraint t_id_check on proof_scratch.t is null"),
    ("index", "create index t_note on proof_scratch.t (note)", "drop index proof_scratch.t_note"),
    ("index_comment", "comment on index proof_scratch.t_note is 'c'", "comment on index proof_scratch.t_note is null"),
    ("sequence", "create sequence proof_scratch.s", "drop sequence proof_scratch.s"),
    ("sequence_parameters", "alter sequence proof_scratch.s increment by 2",
     "alter sequence proof_scratch.s increment by 1"),
    ("sequence_owned_by", "alter sequence proof_scratch.s owned by proof_scratch.t.id",
     "alter sequence proof_scratch.s owned by none"),
    ("partitioned_table", "create table proof_scratch.p (at date not null) partition by range (at)",
     "drop table proof_scratch.p"),
    ("partition", "create table proof_scratch.p_2026 partition of proof_scratch.p"
     " for values from ('2026-01-01') to ('2027-01-01')", "drop table proof_scratch.p_2026"),
    ("partition_detached", "alter table proof_scratch.p detach partition proof_scratch.p_2026",
     "alter table proof_scratch.p attach partition proof_scratch.p_2026"
     " for values from ('2026-01-01') to ('2027-01-01')"),
    ("view", "create view proof_scratch.v as select id from proof_scratch.t", "drop view proof_scratch.v"),
    ("view_definition", "create or replace view proof_scratch.v as select id from proof_scratch.t where id > 1",
     "create or replace view proof_scratch.v as select id from proof_scratch.t"),
    ("composite_type", "create type proof_scratch.pair as (a integer, b text)", "drop type proof_scratch.pair"),
    ("composite_attribute", "alter type proof_scratch.pair add attribute c integer",
     "alter type proof_scratch.pair drop attribute c"),
    ("type_comment", "comment on type proof_scratch.pair is 'c'", "comment on type proof_scratch.pair is null"),
    ("enum", "create type proof_scratch.mood as enum ('calm')", "drop type proof_scratch.mood"),
    ("enum_label", "alter type proof_scratch.mood rename value 'calm' to 'glad'",
     "alter type proof_scratch.mood rename value 'glad' to 'calm'"),
    ("type_grant", "revoke usage on type proof_scratch.mood from public",
     "grant usage on type proof_scratch.mood to public"),
    ("owner", "alter type proof_scratch.mood owner to gamedb_readonly",
     "alter type proof_scratch.mood owner to current_user"),
    ("domain", "create domain proof_scratch.positive as integer check (value > 0)",
     "drop domain proof_scratch.positive"),
    ("domain_constraint", "alter domain proof_scratch.positive add constraint small check (value < 100)",
     "alter domain proof_scratch.positive drop constraint small"),
    ("routine", "create function proof_scratch.touch() returns trigger language plpgsql as 'begin return new; end'",
     "drop function proof_scratch.touch()"),
    ("routine_definition",
     "create or replace function proof_scratch.touch() returns trigger language plpgsql as 'begin return old; end'",
     "create or replace function proof_scratch.touch() returns trigger language plpgsql as 'begin return new; end'"),
    ("routine_comment", "comment on function proof_scratch.touch() is 'c'",
     "comment on function proof_scratch.touch() is null"),
    ("routine_grant", "revoke execute on function proof_scratch.touch() from public",
     "grant execute on function proof_scratch.touch() to public"),
    ("trigger", "create trigger t_touch before update on proof_scratch.t for each row"
     " execute function proof_scratch.touch()", "drop trigger t_touch on proof_scratch.t"),
    ("trigger_disabled", "alter table proof_scratch.t disable trigger t_touch",
     "alter table proof_scratch.t enable trigger t_touch"),
]


def test_the_rollback_proof_sees_every_kind_of_change_and_fails_a_rollback_that_forgets_one(
        template, empty_db_url, tmp_path):
    """check_rollbacks on a history of one migration per kind of change (on an empty database, where
    a fingerprint is cheap; the roles are the cluster's, made with the template) passes them all with
    their exact rollbacks. Then the last one's rollback forgets its change (a trigger left disabled),
    and the proof names it."""
    ids = [f"{number:04d}_proof_{kind}" for number, (kind, _, _) in enumerate(CHANGES_OF_EVERY_KIND, start=1)]
    for migration_id, (_, forward, rollback) in zip(ids, CHANGES_OF_EVERY_KIND):
        (tmp_path / f"{migration_id}.sql").write_text(forward + ";\n")
        (tmp_path / f"{migration_id}.rollback.sql").write_text(rollback + ";\n")
    check_rollbacks(empty_db_url, ids, tmp_path)

    Migrator(empty_db_url, Settings(), quiet, folder=tmp_path).migrate(up_to=ids[-2])
    (tmp_path / f"{ids[-1]}.rollback.sql").write_text("select 1;\n")
    with pytest.raises(AssertionError, match=f"rolling back {ids[-1]} did not restore the schema"):
        check_rollbacks(empty_db_url, ids[-1:], tmp_path)


def test_the_declaration_regrants_each_table_whose_grants_are_not_exactly_as_it_would_grant(db_url):
    """core.table_access applied to every table, as the access declaration's migration calls it, leaves
    alone only the tables already granted exactly as it would grant them. Exactly: grants on each column
    are not one grant on the table, even where they allow the same (only the second covers a column added
    later), and a grant option or an extra privilege differ too. Each is put back."""
    with psycopg.connect(db_url, autocommit=True) as db:
        as_declared = schema_fingerprint(db)
        whole_insert, open_to_analysts = db.execute(
            "select min(table_name) filter (where 'INSERT' = any(app_privileges) and database_columns = '{}'),"
            " min(table_name) filter (where personal_columns = '{}') from core.table_access").fetchone()
        for statement in (f"revoke insert on {whole_insert} from gamedb_app",
                          f"grant insert ({', '.join(column_names(db, whole_insert))}) on {whole_insert} to gamedb_app",
                          f"grant select on {open_to_analysts} to gamedb_readonly with grant option",
                          "grant delete on reward.xp_ledger to gamedb_app"):
            db.execute(statement)
        assert schema_fingerprint(db) != as_declared
        db.execute("call core.apply_table_access()")
        assert schema_fingerprint(db) == as_declared


def test_rollback_all_leaves_an_empty_database_and_migrate_rebuilds_it(db_url, empty_db_url):
    """Everything -> nothing -> everything, judged by pg_dump itself."""
    migrator = Migrator(db_url, Settings(), quiet)
    assert user_objects(db_url)
    migrator.rollback(count=None, to=None, everything=True)
    assert user_objects(db_url) == []
    assert dump_schema(db_url) == dump_schema(empty_db_url)
    with psycopg.connect(db_url) as conn:
        assert applied_migrations(conn) == {}
        assert scalar(conn, "select count(*) from _gamedb_migration_checksum") == 0
    migrator.migrate()
    assert dump_schema(db_url) == SCHEMA_SQL.read_text()


def test_committed_schema_documents_match_the_migrations(shared_db_url, schema_conn):
    assert dump_schema(shared_db_url) == SCHEMA_SQL.read_text(), "sql/schema.sql is stale: run `make schema`"
    assert schema_doc(schema_conn) == SCHEMA_DOC.read_text(), "docs/schema.md is stale: run `make schema`"


def test_the_schema_doc_shows_each_table_its_keys_and_who_may_write_it(schema_conn):
    doc = schema_doc(schema_conn)
    for schema in module_schemas(schema_conn):
        assert f"## Module {schema}" in doc
    users = doc[doc.index("### core.users\n"):]
    users = users[:users.index("\n### ")]
    assert "| total_xp | bigint |" in users
    assert "written only by the database: " in users and "total_xp" in users.split("written only by the database: ")[1]
    assert "`users_pkey`: `PRIMARY KEY (id)`" in users
    assert doc.count("```mermaid") == sum(
        1 for s in module_schemas(schema_conn)
        if scalar(schema_conn, "select count(*) from pg_class where relnamespace = %s::regnamespace"
                  " and relkind in ('r', 'p', 'v', 'm')", [s]))
    assert '    core_users ||--o{ reward_xp_ledger : "user_id"' in doc


def test_function_bodies_survive_statement_splitting(conn):
    """yoyo splits files on ';'; the dollar-quoted bodies must arrive whole."""
    body = scalar(conn, "select prosrc from pg_proc where proname = 'complete_game'")
    assert body.count(";") > 20
    assert "returning id into sample_id;" in body
    assert body.rstrip().endswith("end;")
    for name in ("start_game", "record_reward_result", "protect_critical_flows", "enforce_reward_status",
                 "setting_value_is_valid", "record_setting_change", "touch_updated_at", "refuse_change"):
        assert scalar(conn, "select count(*) from pg_proc where proname = %s", [name]) == 1, name


def test_migrate_twice_has_nothing_to_do(gamedb):
    again = gamedb("migrate")
    assert again.exit_code == 0, again.output
    assert "nothing to migrate" in again.stderr


def test_dry_run_prints_sql_and_changes_nothing(gamedb, empty_db_url):
    result = gamedb("migrate", "--dry-run", database=empty_db_url)
    assert result.exit_code == 0, result.output
    assert f"-- ==== {FIRST} ====" in result.stdout
    assert "create table core.users" in result.stdout
    assert user_objects(empty_db_url) == []
    with psycopg.connect(empty_db_url) as conn:
        assert scalar(conn, "select to_regclass('public._yoyo_migration')") is None


def test_migrate_to_and_status_exit_code(gamedb, empty_db_url):
    third, fourth = (m.id for m in local_migrations()[2:4])
    assert gamedb("migrate", "--to", third, database=empty_db_url).exit_code == 0
    status = gamedb("status", "--exit-code", database=empty_db_url)
    assert status.exit_code == 1
    assert f"pending | {fourth}" in status.stdout
    assert third not in status.stdout  # applied: only counted without --all
    assert status.stdout.splitlines()[-1].startswith("3 applied, ")
    assert gamedb("status", "--exit-code").exit_code == 0  # a migrated database: nothing pending


def test_rollback_to_keeps_the_target(empty_db_url):
    ids = [m.id for m in local_migrations(FIXTURE_MIGRATIONS)]
    url = migrate_fixtures(empty_db_url)
    target = ids[len(ids) // 2]
    result = gamedb_on(FIXTURE_MIGRATIONS, url, "rollback", "--to", target)
    assert result.returncode == 0, result.stderr
    with psycopg.connect(url) as conn:
        applied = applied_migrations(conn)
    assert sorted(applied) == ids[:ids.index(target) + 1]
    assert gamedb_on(FIXTURE_MIGRATIONS, url, "rollback", "--to", "no_such_migration").returncode == 2
    assert gamedb_on(FIXTURE_MIGRATIONS, url, "rollback", "--count", "1", "--all").returncode == 2


def add_migration(folder, what: str, forward: str, rollback: str) -> str:
    """Write a new migration after the last one in `folder`; return its id."""
    migration_id = f"{len(local_migrations(folder)) + 1:04d}_{what}"
    (folder / f"{migration_id}.sql").write_text(forward)
    (folder / f"{migration_id}.rollback.sql").write_text(rollback)
    return migration_id


def test_an_edited_applied_migration_is_refused(empty_db_url, fixtures_copy):
    Migrator(empty_db_url, Settings(), quiet, fixtures_copy).migrate(up_to=local_migrations(fixtures_copy)[2].id)
    edited = local_migrations(fixtures_copy)[1]
    edited.path.write_text(edited.path.read_text() + "\n-- a harmless-looking edit\n")
    with pytest.raises(HistoryError, match=f"{edited.id} was edited after it was applied"):
        Migrator(empty_db_url, Settings(), quiet, fixtures_copy).migrate()
    with psycopg.connect(empty_db_url) as conn:
        assert len(applied_migrations(conn)) == 3


def test_a_migration_revised_after_release_names_the_versions_it_replaces(empty_db_url, fixtures_copy):
    Migrator(empty_db_url, Settings(), quiet, fixtures_copy).migrate(up_to=local_migrations(fixtures_copy)[2].id)
    revised = local_migrations(fixtures_copy)[1]
    released = revised.checksum
    revised.path.write_text(f"-- revises: {released}\n" + revised.path.read_text() + "\n-- a comment added later\n")
    Migrator(empty_db_url, Settings(), quiet, fixtures_copy).migrate(up_to=local_migrations(fixtures_copy)[3].id)
    revised.path.write_text(revised.path.read_text().replace(released, "0" * 64))
    with pytest.raises(HistoryError, match=f"{revised.id} was edited after it was applied"):
        Migrator(empty_db_url, Settings(), quiet, fixtures_copy).migrate()


def test_missing_and_out_of_order_migrations_are_refused(empty_db_url, fixtures_copy):
    Migrator(empty_db_url, Settings(), quiet, fixtures_copy).migrate(up_to=local_migrations(fixtures_copy)[2].id)
    second = local_migrations(fixtures_copy)[1]
    for path in (second.path, second.rollback_path):  # the same file, renumbered to after the applied ones
        path.rename(path.with_name(path.name.replace(second.id[:4], "0004", 1)))
    with pytest.raises(HistoryError, match=f"{second.id} is applied but its file is missing"):
        Migrator(empty_db_url, Settings(), quiet, fixtures_copy).migrate()


def test_a_pending_migration_older_than_the_newest_applied_is_refused(empty_db_url, fixtures_copy):
    Migrator(empty_db_url, Settings(), quiet, fixtures_copy).migrate(up_to=local_migrations(fixtures_copy)[2].id)
    # sorts between the second and the third applied migration
    (fixtures_copy / "0002_toy_late_arrival.sql").write_text("-- late\ncreate table toy.late (id int);\n")
    (fixtures_copy / "0002_toy_late_arrival.rollback.sql").write_text("drop table toy.late;\n")
    with pytest.raises(HistoryError, match="0002_toy_late_arrival is pending but sorts before"):
        Migrator(empty_db_url, Settings(), quiet, fixtures_copy).migrate()


def test_a_failing_migration_is_rolled_back_whole(db_url, migrations_copy):
    last = local_migrations(migrations_copy)[-1].id
    broken = add_migration(migrations_copy, "play_broken",
                           "-- creates a table, then fails\ncreate table play.half_done (id int);\nselect 1 / 0;\n",
                           # A rollback that undoes nothing: only the migration's own transaction can.
                           "select 1;\n")
    with pytest.raises(DatabaseError, match=f"{broken} failed and was rolled back: division by zero"):
        Migrator(db_url, Settings(), quiet, migrations_copy).migrate()
    with psycopg.connect(db_url) as conn:
        assert scalar(conn, "select to_regclass('play.half_done')") is None
        assert broken not in applied_migrations(conn)
        assert last in applied_migrations(conn)


def test_a_migration_blocked_by_a_long_transaction_times_out_retries_and_gives_up(db_url, migrations_copy):
    touch = add_migration(migrations_copy, "core_touch_users",
                          "-- needs an exclusive lock on users\nalter table core.users add column nickname text;\n",
                          "alter table core.users drop column nickname;\n")
    messages = []
    with psycopg.connect(db_url) as blocker:
        blocker.execute("lock table core.users in access share mode")
        with pytest.raises(DatabaseError, match=r"could not get its locks \(lock timeout, lock_timeout 200 ms\) after 3 attempts"):
            Migrator(db_url, FAST, messages.append, migrations_copy).migrate()
    assert [m for m in messages if "lock timeout, apply retry" in m] == [
        f"{touch}: lock timeout, apply retry 1/2 in 0.05s",
        f"{touch}: lock timeout, apply retry 2/2 in 0.1s",
    ]


def test_a_migration_succeeds_once_the_blocking_transaction_ends(db_url, migrations_copy):
    touch = add_migration(migrations_copy, "core_touch_users",
                          "-- needs an exclusive lock on users\nalter table core.users add column nickname text;\n",
                          "alter table core.users drop column nickname;\n")
    settings = Settings(lock_timeout_ms=200, lock_retries=5, retry_base_seconds=0.2, wait_for_lock_seconds=5)
    blocker = psycopg.connect(db_url)
    blocker.execute("lock table core.users in access share mode")
    releaser = threading.Timer(0.5, blocker.rollback)
    releaser.start()
    try:
        applied = Migrator(db_url, settings, quiet, migrations_copy).migrate()
    finally:
        # The migration may go on as soon as the server has ended the transaction, before rollback()
        # returns in the timer's thread: closing the connection under that call crashes libpq.
        releaser.join()
        blocker.close()
    assert applied == [touch]


def test_a_migration_chosen_as_a_deadlock_victim_is_retried(db_url, migrations_copy):
    """The application holds sessions and then wants users; the migration holds users and then wants sessions."""
    both = add_migration(migrations_copy, "core_touch_users_and_sessions",
                         "-- locks users, then sessions\nlock table core.users in access exclusive mode;\n"
                         "select pg_sleep(0.3);\nlock table play.game_sessions in access exclusive mode;\n",
                         "select 1;\n")
    messages = []
    app = psycopg.connect(db_url)
    app.execute("lock table play.game_sessions in row exclusive mode")

    def then_want_users():
        # Once the migration waits for the sessions, close the cycle. The migration waited first and
        # checks for deadlocks first (its session's deadlock_timeout is 300 ms here, the application's
        # 1 s): the check that finds the cycle picks its own session.
        with psycopg.connect(db_url, autocommit=True) as watch:
            # This database's: clones share their tables' oids, and other workers use the same server.
            wait_for(watch, "select from pg_locks where not granted and relation = 'play.game_sessions'::regclass"
                            " and database = (select oid from pg_database where datname = current_database())")
        app.execute("lock table core.users in row exclusive mode")
        app.rollback()

    finisher = threading.Thread(target=then_want_users)
    finisher.start()
    try:
        settings = Settings(lock_timeout_ms=5000, deadlock_timeout_ms=300, lock_retries=2, retry_base_seconds=0.05,
                            wait_for_lock_seconds=5)
        applied = Migrator(db_url, settings, messages.append, migrations_copy).migrate()
    finally:
        finisher.join()
        app.close()
    assert applied == [both]
    assert f"{both}: deadlock, apply retry 1/2 in 0.05s" in messages


def test_a_stale_migration_lock_is_reported_with_the_way_out(gamedb, db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("insert into yoyo_lock (locked, ctime, pid) values (1, '2026-01-01 10:00', 4242)")
    result = gamedb("migrate", "--wait", "1")
    assert result.exit_code == 5
    assert "held by process 4242 since 2026-01-01 10:00:00 UTC" in result.stderr
    assert "gamedb unlock" in result.stderr
    status = gamedb("status")
    assert "migration lock: held by process 4242" in status.stdout
    assert gamedb("unlock").exit_code == 0
    assert gamedb("migrate").exit_code == 0


def test_two_concurrent_migrate_runs_apply_each_migration_once(empty_db_url):
    """Two runs at once: one applies everything, the other waits for its lock and finds nothing left.
    The first is held inside a migration (by a reader of the table it alters) until the second has
    been refused the lock, so that the two overlap however fast the machine is."""
    held = migration_that(r"^alter table toy\.players\s+add column", FIXTURE_MIGRATIONS)
    migrate_fixtures(empty_db_url, migration_before(held))
    pending = [m.id for m in local_migrations(FIXTURE_MIGRATIONS) if m.id >= held.id]
    outcomes = []

    def run():
        try:
            with Migrator(empty_db_url, Settings(lock_timeout_ms=30_000, wait_for_lock_seconds=60), quiet,
                          FIXTURE_MIGRATIONS) as migrator:
                outcomes.append(migrator.migrate())
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    with psycopg.connect(empty_db_url, autocommit=True) as watch, psycopg.connect(empty_db_url) as reader:
        reader.execute("lock table toy.players in access share mode")
        threads[0].start()
        # This database's: other tests' databases on the server have a toy.players too.
        wait_for(watch, "select from pg_locks where not granted and relation = 'toy.players'::regclass"
                        " and database = (select oid from pg_database where datname = current_database())")
        threads[1].start()
        # The second run asked for the migration lock, was refused, and asks again while it waits.
        wait_for(watch, "select from pg_stat_activity where datname = current_database() and state = 'idle'"
                        " and query like 'select pg_try_advisory_lock(%'")
        reader.rollback()
    for thread in threads:
        thread.join()
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(outcomes, key=len) == [[], pending]
    with psycopg.connect(empty_db_url) as conn:
        log = conn.execute(
            "select migration_id, count(*) from _yoyo_log where operation = 'apply' group by 1 order by 1"
        ).fetchall()
    assert log == [(m.id, 1) for m in local_migrations(FIXTURE_MIGRATIONS)]


def test_status_dry_runs_and_runs_follow_one_plan(empty_db_url):
    files = local_migrations(FIXTURE_MIGRATIONS)
    migrator = Migrator(empty_db_url, Settings(), quiet, FIXTURE_MIGRATIONS)
    migrator.migrate(up_to=files[1].id)
    plan = migrator.plan(migrator.applied(), up_to=files[5].id)
    status = json.loads(gamedb_on(FIXTURE_MIGRATIONS, empty_db_url, "status", "--format", "json").stdout)
    pending = [m["id"] for m in status["migrations"] if m["state"] == "pending"]
    assert pending[:len(plan.steps)] == [m.id for m in plan.steps] and len(pending) > len(plan.steps)
    dry = gamedb_on(FIXTURE_MIGRATIONS, empty_db_url, "migrate", "--dry-run", "--to", files[5].id).stdout
    assert re.findall(r"^-- ==== (\S+) ====$", dry, re.MULTILINE) == [m.id for m in plan.steps]
    assert migrator.migrate(up_to=files[5].id) == [m.id for m in plan.steps]
    back = migrator.plan(migrator.applied(), rollback=True, count=3)
    dry = gamedb_on(FIXTURE_MIGRATIONS, empty_db_url, "rollback", "--dry-run", "--count", "3").stdout
    assert re.findall(r"^-- ==== (\S+) ====$", dry, re.MULTILINE) == [m.id for m in back.steps]
    assert migrator.rollback(count=3, to=None, everything=False) == [m.id for m in back.steps]
    assert [m.id for m in back.steps] == [m.id for m in files[5:2:-1]]
    migrator.close()


def test_a_rollback_count_beyond_the_applied_is_refused_and_a_cut_short_rollback_names_its_target(empty_db_url):
    """--count above what is applied rolls back nothing (exit 2, one line); a rollback first names the
    migration it rolls back to, so a run cut short is finished with --to, not by counting again."""
    ids = [m.id for m in local_migrations(FIXTURE_MIGRATIONS)]
    url = migrate_fixtures(empty_db_url)
    refused = gamedb_on(FIXTURE_MIGRATIONS, url, "rollback", "--count", "99999999999999999999")
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines()[-1:] == [
        f"gamedb: error: --count 99999999999999999999: only {len(ids)} migrations are applied;"
        " nothing was rolled back (--all rolls back every one)"]
    with psycopg.connect(url) as conn:
        assert sorted(applied_migrations(conn)) == ids
    done = gamedb_on(FIXTURE_MIGRATIONS, url, "rollback", "--count", "2")
    assert done.returncode == 0, done.stderr
    assert f"rolling back to {ids[-3]}: if interrupted, rerun `gamedb rollback --to {ids[-3]}`" in done.stderr
    everything = gamedb_on(FIXTURE_MIGRATIONS, url, "rollback", "--all")
    assert "rerun `gamedb rollback --all`" in everything.stderr


def test_a_database_built_by_other_migrations_is_refused_in_one_line(empty_db_url):
    """A database none of whose applied migrations is in the folder (another project's, or one built
    before a baseline) is refused with one finding that says so, not one per file."""
    migrate_fixtures(empty_db_url)
    fixtures = [m.id for m in local_migrations(FIXTURE_MIGRATIONS)]
    with pytest.raises(HistoryError) as refused:
        Migrator(empty_db_url, Settings(), quiet).migrate()
    assert str(refused.value) == (
        f"refusing to go on: none of the {len(fixtures)} migrations applied to this database ({fixtures[0]} to"
        f" {fixtures[-1]}) is in the migrations folder: it was built by other migrations; migrate a new database"
        " instead (the project's own local server is throwaway: `gamedb server destroy` and run again)")
    with psycopg.connect(empty_db_url) as conn:
        assert sorted(applied_migrations(conn)) == fixtures


def test_a_migration_outside_a_transaction_also_runs_as_the_owner(db_url, migrations_copy):
    """Once gamedb_owner owns the schemas, a `transactional: false` file (run statement by statement)
    creates what the owner owns, as a transactional one does; the login only connects."""
    added = add_migration(
        migrations_copy, "core_owner_check",
        "-- transactional: false\n\ncreate table core.owner_check (id bigint primary key);\n"
        "create index concurrently idx_owner_check_id on core.owner_check (id);\n",
        "-- transactional: false\n\ndrop table if exists core.owner_check;\n")
    Migrator(db_url, Settings(), quiet, migrations_copy).migrate()
    with psycopg.connect(db_url) as conn:
        assert conn.execute("select relowner::regrole::text from pg_class where oid = 'core.owner_check'::regclass"
                            ).fetchone() == ("gamedb_owner",)
        assert added in applied_migrations(conn)


def test_the_seed_rows_and_grants_come_back_whole_when_rolled_back_and_migrated_again(db_url, gamedb):
    """Rolling back the seed rows and the access declaration and migrating again gives a database whose
    every invariant holds: the seeds name rows by key, not by ids a sequence has moved past."""
    with psycopg.connect(db_url) as conn:
        before = conn.execute("select r.key, b.key from reward.award_rules as r"
                              " join reward.badges as b on b.id = r.badge_id order by 1").fetchall()
    for _ in range(2):
        Migrator(db_url, Settings(), quiet).rollback(count=2, to=None, everything=False)
        Migrator(db_url, Settings(), quiet).migrate()
    with psycopg.connect(db_url) as conn:
        assert conn.execute("select r.key, b.key from reward.award_rules as r"
                            " join reward.badges as b on b.id = r.badge_id order by 1").fetchall() == before
    checked = gamedb("check")
    assert checked.exit_code == 0, checked.stdout


def test_a_rollback_that_fails_part_way_says_what_it_rolled_back_and_the_way_back(empty_db_url, fixtures_copy):
    """Each step of a rollback commits: when a later one fails, the error names the steps already
    rolled back, and migrate applies them again."""
    migrations = local_migrations(fixtures_copy)
    failing = migrations[-2]
    failing.rollback_path.write_text("select 1 / 0;\n")  # before migrate: its checksum is the one applied
    Migrator(empty_db_url, Settings(), quiet, fixtures_copy).migrate()
    result = gamedb_on(fixtures_copy, empty_db_url, "rollback", "--count", "2")
    assert result.returncode == 4
    assert result.stderr.strip().splitlines()[-1] == (
        f"gamedb: error: {failing.id} failed and was rolled back: division by zero;"
        f" rolled back before it: {migrations[-1].id} (`gamedb migrate` applies them again)")
    with psycopg.connect(empty_db_url) as conn:
        assert sorted(applied_migrations(conn)) == [m.id for m in migrations[:-1]]


def test_a_login_that_may_not_create_the_bookkeeping_is_told_why(empty_db_url, admin, template):
    """On PostgreSQL 15 only the database's owner may create in `public`: a login in gamedb_owner (the
    roles exist once the template is built), on a database someone else owns, hears what to change, not
    that a lock table is missing."""
    login = f"no_public_{os.getpid()}"
    admin.execute(f"create role {login} login in role gamedb_owner")
    try:
        url = re.sub(r"postgresql://[^@]*@", f"postgresql://{login}@", empty_db_url)
        result = gamedb_on(MIGRATIONS_DIR, url, "migrate")
        assert result.returncode == 4
        assert result.stderr.strip().splitlines()[-1] == (
            f"gamedb: error: {login} may not create the migration bookkeeping in the schema public: create the"
            " database owned by gamedb_owner (or grant the login CREATE on schema public)")
        with psycopg.connect(empty_db_url) as conn:
            assert applied_migrations(conn) == {}
    finally:
        admin.execute(f"drop owned by {login}")
        admin.execute(f"drop role {login}")
