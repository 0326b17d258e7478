"""Migrations as a deploy pipeline runs them: crashes, the lock, and the records of what was applied."""

import json
import re
import signal
import subprocess
import time

import psycopg
import pytest

from runner.errors import HistoryError
from runner.localpg import LocalServer, throwaway_home
from runner.migrate import CHECKSUM_TABLE, Migrator, Settings, local_migrations
from tests.conftest import quiet
from tests.helpers import GAMEDB, gamedb_process, migration_before, migration_that, wait_for

LOCK = "select pg_advisory_lock(hashtextextended('gamedb.migrate', 0))"


def test_a_run_killed_half_way_is_finished_by_the_next_without_unlock(migrated_to):
    """Killed while applying a migration (held there by a reader of the table it alters, so that
    the kill lands inside it however fast the machine is): the next run finishes the work."""
    stop_at = migration_that(r"^alter table core\.users\s+add column")
    url = migrated_to(migration_before(stop_at))
    with psycopg.connect(url) as reader:
        reader.execute("lock table core.users in access share mode")
        run = subprocess.Popen([GAMEDB, "--database", url, "migrate"], stderr=subprocess.PIPE, text=True)
        for line in run.stderr:
            if line.startswith(f"applying {stop_at.id} "):
                run.send_signal(signal.SIGKILL)
                break
        run.wait(timeout=60)
        assert run.returncode == -signal.SIGKILL
    again = gamedb_process(url, "migrate", "--to", stop_at.id)
    assert again.returncode == 0, again.stderr
    assert "cleared the migration lock left by a run that ended without releasing it" in again.stderr
    assert f"applied  {stop_at.id}  (" in again.stderr
    status = json.loads(gamedb_process(url, "status", "--format", "json").stdout)
    assert (status["lock"], status["problems"], status["edited"], status["missing"]) == (None, [], 0, 0)


def test_an_interrupted_concurrent_index_build_is_rebuilt_or_kept(migrated_to):
    builds = migration_that(r"^create index concurrently idx_quests_psychological_module ")
    url = migrated_to(migration_before(builds))
    with psycopg.connect(url, autocommit=True) as conn:
        user = conn.execute("insert into core.users (php_user_id) values (1) returning id").fetchone()[0]
        conn.execute("insert into quest.quests (quest_id, user_id, title, graph_structure)"
                     " select 'q' || n, %s, 'same title', '{\"nodes\": [{\"id\": \"a\"}], \"edges\": []}'"
                     " from generate_series(1, 2) as n", [user])
        # What a crash leaves: one build failed half way (INVALID), one finished.
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute("create unique index concurrently idx_quests_psychological_module on quest.quests (title)")
        conn.execute("create index concurrently idx_quests_is_public on quest.quests (rating desc, id) where is_public")
    result = gamedb_process(url, "migrate", "--to", builds.id)
    assert result.returncode == 0, result.stderr
    assert "dropped index quest.idx_quests_psychological_module, left INVALID by an interrupted build" in result.stderr
    assert "kept index quest.idx_quests_is_public, built by an interrupted run" in result.stderr
    with psycopg.connect(url) as conn:
        assert conn.execute("select indexdef from pg_indexes where indexname = 'idx_quests_psychological_module'"
                            ).fetchone()[0].endswith("USING btree (psychological_module)")
        assert conn.execute("select count(*) from pg_index where not indisvalid").fetchone()[0] == 0


def test_a_kept_index_is_kept_whatever_the_comments_before_it_say(migrated_to):
    builds = migration_that(r"^create index concurrently idx_quests_psychological_module ")
    assert re.search(r"(?im)^--.*concurrently", builds.path.read_text()), "its comment names CONCURRENTLY"
    url = migrated_to(migration_before(builds))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("create index concurrently idx_quests_psychological_module on quest.quests (psychological_module)")
    result = gamedb_process(url, "migrate", "--to", builds.id)
    assert result.returncode == 0, result.stderr
    assert "kept index quest.idx_quests_psychological_module, built by an interrupted run" in result.stderr


def test_a_seed_stopped_half_way_is_resumed_and_counts_each_award_once(migrated_to):
    """The period rollup's seed sums the ledger in committed batches while awards go on. Stopped after
    some batches, the next run adds the rest: each award is counted once, by the trigger or the seed."""
    rollup = migration_that(r"^create table (if not exists )?reward\.xp_period_totals ")
    url = migrated_to(migration_before(rollup))
    award = ("insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason)"
             " values (%s, 'ANSWER_ACCEPTED', 1, 1, 'award')")
    with psycopg.connect(url, autocommit=True) as conn, psycopg.connect(url) as in_flight, \
            psycopg.connect(url) as holder:
        conn.execute("insert into core.users (php_user_id) select n from generate_series(1, 2501) as n")
        # 5,000 awards of the last hours by 2,500 users: three batches of the seed (1,000 users each, in id order).
        conn.execute("insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, created_at)"
                     " select 1 + n % 2500, 'ANSWER_ACCEPTED', 1, 1, 'earlier', now() - interval '1 second' * n"
                     " from generate_series(1, 5000) as n")
        # A writer in flight when the migration starts: its CREATE TRIGGER waits for it, and the seed
        # must count its award (the trigger never sees it).
        in_flight.execute("lock table reward.xp_ledger in row exclusive mode")
        run = subprocess.Popen([GAMEDB, "--database", url, "migrate", "--to", rollup.id],
                               stderr=subprocess.PIPE, text=True)
        wait_for(conn, "select to_regclass('reward.xp_period_totals') where to_regclass('reward.xp_period_totals')"
                       " is not null", process=run)
        in_flight.execute(award, [2501])  # the last user: only the last batch adds to their rows
        # Another session holds a row only the last batch adds to, so the seed stops there, batches behind it.
        holder.execute("insert into reward.xp_period_totals values ('day', date_trunc('day', now())::date, 2501, 0)")
        in_flight.commit()
        seed = wait_for(conn, "select pid from pg_stat_activity where query like 'call reward.seed%%'"
                              " and wait_event_type = 'Lock' and datname = current_database()", process=run)
        assert conn.execute("select done_user_id > 0 from reward.xp_period_totals_seed").fetchone()[0]
        conn.execute("select pg_terminate_backend(%s)", seed)  # the crash
        holder.rollback()
        run.wait(timeout=60)
        assert run.returncode != 0 and "failed part way" in run.stderr.read()
        for user in (7, 1500, 2501):
            conn.execute(award, [user])  # through the trigger, before the seed is finished
        again = gamedb_process(url, "migrate", "--to", rollup.id)
        assert again.returncode == 0, again.stderr
        differ = conn.execute(
            "select p.period, x.user_id from reward.xp_ledger as x cross join unnest(array['day', 'week', 'month'])"
            " as p (period) where x.created_at >= date_trunc(p.period, now()) group by 1, 2"
            " having sum(x.final_xp) is distinct from (select t.xp from reward.xp_period_totals as t"
            " where (t.period, t.period_start, t.user_id) = (p.period, date_trunc(p.period, now())::date, x.user_id))"
        ).fetchall()
        assert differ == []
        assert conn.execute("select sum(xp) from reward.xp_period_totals where period = 'month'"
                            " and period_start = date_trunc('month', now())::date").fetchone()[0] == conn.execute(
            "select count(*) from reward.xp_ledger where created_at >= date_trunc('month', now())").fetchone()[0]
        assert conn.execute("select to_regclass('reward.xp_period_totals_seed')").fetchone()[0] is None


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
        if ignored & set(CONTRACT_RULES) and not keeps_every_table_name(migration.path.read_text(encoding="utf-8")):
            assert migration.phase == "post-deploy", f"{migration.id} contracts the schema: mark it post-deploy"


def keeps_every_table_name(text: str) -> bool:
    """A file whose every dropped or renamed table is one it creates itself contracts nothing: a backfill's
    work table, or a table swapped for a new one of the same name (a partitioned log)."""
    created = set(re.findall(r"(?im)^\s*create table (?:if not exists )?([\w.]+)", text))
    dropped = set(re.findall(r"(?im)^\s*drop table (?:if exists )?([\w.]+)", text))
    renamed = set(re.findall(r"(?im)^\s*alter table ([\w.]+) rename to ", text))
    contracting = re.search(r"(?im)^\s*alter table .* (drop column|rename column|rename \w+ to)", text)
    return bool(dropped | renamed) and dropped | renamed <= created and not contracting


def test_pre_and_post_deploy_phases(migrated_to):
    ids = [m.id for m in local_migrations()]
    contract = next(m for m in local_migrations() if m.phase == "post-deploy")
    expand = ids[ids.index(contract.id) - 1]  # the pre-deploy step just before the first contract step
    url = migrated_to(ids[ids.index(contract.id) - 2])
    pre = gamedb_process(url, "migrate", "--phase", "pre", "--format", "json")
    assert pre.returncode == 0, pre.stderr
    assert json.loads(pre.stdout)["migrations"] == [expand]
    assert f"stopping before {contract.id} (post-deploy)" in pre.stderr
    post = gamedb_process(url, "migrate", "--phase", "post", "--format", "json")
    applied = json.loads(post.stdout)["migrations"]
    assert applied[0] == contract.id and applied[-1] == local_migrations()[-1].id
    assert gamedb_process(url, "verify").returncode == 0


def test_an_autovacuum_in_a_migrations_way_is_cancelled_within_a_tenth_of_a_second(tmp_path):
    """PostgreSQL cancels an autovacuum that blocks a lock request once the requester has waited
    deadlock_timeout (1 s by default), and the table's writers queue behind the request meanwhile.
    A server of its own, whose autovacuum starts within a second and crawls (cost-delayed)."""
    home = throwaway_home("gamedb-autovacuum-")
    server = LocalServer(home, settings={"autovacuum_naptime": "1", "log_lock_waits": "on",
                                         "log_min_messages": "log"})
    server.start()
    try:
        server.ensure_database("gamedb")
        url = server.url("gamedb")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("create table slow_to_vacuum (id integer, pad text) with (autovacuum_vacuum_threshold = 0,"
                         " autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_cost_delay = 100,"
                         " autovacuum_vacuum_cost_limit = 1)")
            conn.execute("insert into slow_to_vacuum select g, repeat('x', 100) from generate_series(1, 200000) g")
            conn.execute("delete from slow_to_vacuum where id % 2 = 0")
            deadline = time.monotonic() + 60
            while not conn.execute("select exists (select from pg_stat_activity"
                                   " where query like 'autovacuum: VACUUM %slow_to_vacuum')").fetchone()[0]:
                assert time.monotonic() < deadline, "no autovacuum started"
                time.sleep(0.2)
        (tmp_path / "0001_add_column.sql").write_text("alter table slow_to_vacuum add column added integer;\n")
        (tmp_path / "0001_add_column.rollback.sql").write_text("alter table slow_to_vacuum drop column added;\n")
        Migrator(url, Settings(), quiet, folder=tmp_path).migrate()
        log = server.logfile.read_text()
        # The migration waited for the autovacuum (log_lock_waits), which was cancelled in time.
        assert "still waiting for AccessExclusiveLock" in log, log
        acquired = re.findall(r"acquired AccessExclusiveLock on relation \d+ of database \d+ after ([\d.]+) ms", log)
        assert acquired and float(acquired[-1]) < 500, log
    finally:
        server.destroy()


def test_every_file_outside_a_transaction_runs_again_after_a_crash_before_its_record(empty_db_url):
    """A crash after a `transactional: false` file's last statement and before its record: the next
    migrate runs the whole file again, so each of its statements must be safe to run twice."""
    migrator = Migrator(empty_db_url, Settings(), quiet)
    failures = []
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        for migration in [m for m in migrator.files if not m.transactional]:
            migrator.migrate(up_to=migration.id)
            conn.execute("delete from public._yoyo_migration where migration_id = %s", [migration.id])
            conn.execute(f"delete from public.{CHECKSUM_TABLE} where migration_id = %s", [migration.id])
            try:
                migrator.migrate(up_to=migration.id)
            except Exception as exc:  # every file is tried; all failures are listed
                failures.append(f"{migration.id}: {exc}")
                migrator.close()
                conn.execute("insert into public._yoyo_migration (migration_hash, migration_id, applied_at_utc)"
                             " values (md5(%s), %s, now())", [migration.id, migration.id])
    migrator.close()
    assert not failures, "\n".join(failures)


def test_every_rollback_outside_a_transaction_runs_again_after_a_crash_before_its_record(db_url):
    """The same for rollback files: a crash after a `transactional: false` rollback's last statement
    and before its record is deleted leaves the migration recorded as applied, and the next
    rollback runs the whole file again."""
    migrator = Migrator(db_url, Settings(), quiet)
    failures = []
    with psycopg.connect(db_url, autocommit=True) as conn:
        for migration in reversed([m for m in migrator.files if not m.rollback_transactional]):
            migrator.rollback(count=None, to=migration.id, everything=False)
            record = conn.execute("select migration_hash, migration_id, applied_at_utc from public._yoyo_migration"
                                  " where migration_id = %s", [migration.id]).fetchone()
            migrator.rollback(count=1, to=None, everything=False)
            conn.execute("insert into public._yoyo_migration (migration_hash, migration_id, applied_at_utc)"
                         " values (%s, %s, %s)", record)
            try:
                migrator.rollback(count=1, to=None, everything=False)
            except Exception as exc:  # every file is tried; all failures are listed
                failures.append(f"{migration.id}: {exc}")
                migrator.close()
                conn.execute("delete from public._yoyo_migration where migration_id = %s", [migration.id])
    migrator.close()
    assert not failures, "\n".join(failures)
