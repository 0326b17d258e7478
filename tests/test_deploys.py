"""Migrations as a deploy pipeline runs them: crashes, the lock, and the records of what was applied."""

import json
import re
import signal
import subprocess

import psycopg
import pytest

from runner.errors import HistoryError
from runner.migrate import CHECKSUM_TABLE, Migrator, Settings, local_migrations
from tests.conftest import quiet
from tests.helpers import GAMEDB, gamedb_process, migration_before, migration_that

LOCK = "select pg_advisory_lock(hashtextextended('gamedb.migrate', 0))"


def test_a_run_killed_half_way_is_finished_by_the_next_without_unlock(empty_db_url):
    run = subprocess.Popen([GAMEDB, "--database", empty_db_url, "migrate"], stderr=subprocess.PIPE, text=True)
    for line in run.stderr:
        if line.startswith(f"applying {local_migrations()[len(local_migrations()) // 3].id} "):
            run.send_signal(signal.SIGKILL)
            break
    run.wait(timeout=60)
    assert run.returncode == -signal.SIGKILL
    again = gamedb_process(empty_db_url, "migrate")
    assert again.returncode == 0, again.stderr
    assert "cleared the migration lock left by a run that ended without releasing it" in again.stderr
    status = gamedb_process(empty_db_url, "status", "--exit-code")
    assert status.returncode == 0 and "0 pending, 0 edited, 0 missing; migration lock: free" in status.stdout


def test_an_interrupted_concurrent_index_build_is_rebuilt_or_kept(empty_db_url):
    builds = migration_that(r"^create index concurrently idx_quests_psychological_module ")
    assert gamedb_process(empty_db_url, "migrate", "--to", migration_before(builds)).returncode == 0
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        user = conn.execute("insert into core.users (php_user_id) values (1) returning id").fetchone()[0]
        conn.execute("insert into quest.quests (quest_id, user_id, title, graph_structure)"
                     " select 'q' || n, %s, 'same title', '{\"nodes\": [{\"id\": \"a\"}], \"edges\": []}'"
                     " from generate_series(1, 2) as n", [user])
        # What a crash leaves: one build failed half way (INVALID), one finished.
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute("create unique index concurrently idx_quests_psychological_module on quest.quests (title)")
        conn.execute("create index concurrently idx_quests_is_public on quest.quests (rating desc, id) where is_public")
    result = gamedb_process(empty_db_url, "migrate", "--to", builds.id)
    assert result.returncode == 0, result.stderr
    assert "dropped index quest.idx_quests_psychological_module, left INVALID by an interrupted build" in result.stderr
    assert "kept index quest.idx_quests_is_public, built by an interrupted run" in result.stderr
    with psycopg.connect(empty_db_url) as conn:
        assert conn.execute("select indexdef from pg_indexes where indexname = 'idx_quests_psychological_module'"
                            ).fetchone()[0].endswith("USING btree (psychological_module)")
        assert conn.execute("select count(*) from pg_index where not indisvalid").fetchone()[0] == 0


def test_a_kept_index_is_kept_whatever_the_comments_before_it_say(empty_db_url):
    builds = migration_that(r"^create index concurrently idx_quests_psychological_module ")
    assert re.search(r"(?im)^--.*concurrently", builds.path.read_text()), "its comment names CONCURRENTLY"
    assert gamedb_process(empty_db_url, "migrate", "--to", migration_before(builds)).returncode == 0
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        conn.execute("create index concurrently idx_quests_psychological_module on quest.quests (psychological_module)")
    result = gamedb_process(empty_db_url, "migrate", "--to", builds.id)
    assert result.returncode == 0, result.stderr
    assert "kept index quest.idx_quests_psychological_module, built by an interrupted run" in result.stderr


def test_a_live_run_is_waited_for_and_never_unlocked(db_url):
    with psycopg.connect(db_url, autocommit=True) as holder:
        holder.execute(LOCK)
        holder.execute("insert into yoyo_lock (locked, ctime, pid) values (1, now(), -pg_backend_pid())")
        unlock = gamedb_process(db_url, "unlock")
        assert unlock.returncode == 5 and "a migration run is alive" in unlock.stderr
        waited = gamedb_process(db_url, "migrate", "--wait", "1")
        assert waited.returncode == 5 and "another migration run is in progress (database session" in waited.stderr
    # The holder's session ended: its row is cleared by the next run, no unlock needed.
    after = gamedb_process(db_url, "migrate")
    assert after.returncode == 0 and "cleared the migration lock" in after.stderr


def test_an_edited_rollback_file_is_refused(db_url, migrations_copy):
    folder = migrations_copy
    newest = local_migrations(folder)[-1]
    with newest.rollback_path.open("a") as handle:
        handle.write("\ndrop table core.users cascade;\n")
    with pytest.raises(HistoryError, match=f"{newest.rollback_path.name} was edited after {newest.id} was applied"):
        Migrator(db_url, Settings(), quiet, folder=folder).rollback(None, None, False)
    status = gamedb_process(db_url, "status")
    assert status.returncode == 0  # the real folder is intact


def test_a_record_a_crash_left_without_checksums_is_completed(db_url):
    newest = local_migrations()[-1].id
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(f"delete from {CHECKSUM_TABLE} where migration_id = %s", [newest])
    again = gamedb_process(db_url, "migrate")
    assert again.returncode == 0 and f"recorded the checksums of {newest}" in again.stderr
    with psycopg.connect(db_url) as conn:
        assert conn.execute(f"select sha256 is not null and rollback_sha256 is not null from {CHECKSUM_TABLE}"
                            " where migration_id = %s", [newest]).fetchone() == (True,)


def test_verify_passes_on_a_migrated_database_and_lists_drift(db_url):
    clean = gamedb_process(db_url, "verify")
    assert clean.returncode == 0 and clean.stdout == "", clean.stderr
    assert "exactly what the migrations build" in clean.stderr
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("alter table learn.courses add constraint courses_title_check check (title <> '') not valid")
        conn.execute("insert into core.users (php_user_id, preferred_language) values (1, 'en'), (2, 'en')")
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute("create unique index concurrently users_php_twice on core.users (preferred_language)")
        conn.execute("alter table reward.badges add column colour text")
        conn.execute(f"update {CHECKSUM_TABLE} set rollback_sha256 = 'x' where migration_id = %s",
                     [local_migrations()[0].id])
    drift = gamedb_process(db_url, "verify", "--format", "json")
    assert drift.returncode == 1
    kinds = {(d["kind"], d["finding"]) for d in json.loads(drift.stdout)}
    assert ("not valid", "constraint courses_title_check on learn.courses was never validated") in kinds
    assert any(k == "invalid index" and "core.users_php_twice" in f for k, f in kinds)
    assert any(k == "schema" and f.startswith("extra: ") and "colour text" in f for k, f in kinds)
    assert any(k == "history" and f"{local_migrations()[0].id}.rollback.sql was edited" in f for k, f in kinds)


# Squawk rules that break the code still running: allowed only in post-deploy migrations.
CONTRACT_RULES = ("ban-drop-column", "ban-drop-table", "renaming-column", "renaming-table")


def test_only_post_deploy_migrations_contract_the_schema():
    post = [m.id for m in local_migrations() if m.phase == "post-deploy"]
    assert migration_that(r"^alter table reward\.xp_ledger\s+drop column").id in post
    # The seed's announced breaking change (writers move to xp_ledger with the release that renames it),
    # released before deploy phases existed: the one exception, and it stays the only one.
    announced = migration_that(r"^alter table reward\.points_ledger rename to xp_ledger;")
    for migration in local_migrations():
        if migration.id == announced.id:
            continue
        ignored = {rule.strip() for rules in re.findall(r"squawk-ignore(?:-file)? ([a-z, -]+)",
                                                        migration.path.read_text(encoding="utf-8"))
                   for rule in rules.split(",")}
        if ignored & set(CONTRACT_RULES):
            assert migration.phase == "post-deploy", f"{migration.id} contracts the schema: mark it post-deploy"


def test_pre_and_post_deploy_phases(empty_db_url):
    ids = [m.id for m in local_migrations()]
    contract = next(m for m in local_migrations() if m.phase == "post-deploy")
    expand = ids[ids.index(contract.id) - 1]  # the pre-deploy step just before the first contract step
    assert gamedb_process(empty_db_url, "migrate", "--to", ids[ids.index(contract.id) - 2]).returncode == 0
    pre = gamedb_process(empty_db_url, "migrate", "--phase", "pre", "--format", "json")
    assert pre.returncode == 0, pre.stderr
    assert json.loads(pre.stdout)["migrations"] == [expand]
    assert f"stopping before {contract.id} (post-deploy)" in pre.stderr
    post = gamedb_process(empty_db_url, "migrate", "--phase", "post", "--format", "json")
    applied = json.loads(post.stdout)["migrations"]
    assert applied[0] == contract.id and applied[-1] == local_migrations()[-1].id
    assert gamedb_process(empty_db_url, "verify").returncode == 0
