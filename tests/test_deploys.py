"""Migrations as a deploy pipeline runs them: crashes, the lock, and the records of what was applied.

What needs a migration of a kind (one held on a lock, an index built concurrently, a seed committed
in batches, a post-deploy step) is proven on the small migrations of tests/fixtures/migrations/ (a toy
module on an empty database), through gamedb's own command line pointed at that folder; the lock and
the records on a database migrations/ built; the rules every file of migrations/ must follow on both."""

import json
import re
import signal
import subprocess
import time

import psycopg
import pytest

from runner import MIGRATIONS_DIR
from runner.errors import HistoryError
from runner.localpg import LocalServer, throwaway_home
from runner.migrate import CHECKSUM_TABLE, Migrator, Settings, local_migrations, statements_of
from tests.conftest import quiet
from tests.helpers import (FIXTURE_MIGRATIONS, gamedb_command, gamedb_on, gamedb_process, migrate_fixtures,
                           migration_before, migration_that, wait_for)

LOCK = "select pg_advisory_lock(hashtextextended('gamedb.migrate', 0))"
# A rule every file of migrations/ must follow is checked on the fixtures too: migrations/ may have no
# file the rule applies to, the fixtures have, so each such test can fail.
BOTH_FOLDERS = pytest.mark.parametrize("folder", [MIGRATIONS_DIR, FIXTURE_MIGRATIONS], ids=["migrations", "fixtures"])


def test_a_run_killed_half_way_is_finished_by_the_next_without_unlock(empty_db_url):
    """Killed while applying a migration (held there by a reader of the table it alters, so that
    the kill lands inside it however fast the machine is): the next run finishes the work."""
    stop_at = migration_that(r"^alter table toy\.players\s+add column", FIXTURE_MIGRATIONS)
    url = migrate_fixtures(empty_db_url, migration_before(stop_at))
    with psycopg.connect(url) as reader:
        reader.execute("lock table toy.players in access share mode")
        run = subprocess.Popen([*gamedb_command(FIXTURE_MIGRATIONS), "--database", url, "migrate"],
                               stderr=subprocess.PIPE, text=True)
        for line in run.stderr:
            if line.startswith(f"applying {stop_at.id} "):
                run.send_signal(signal.SIGKILL)
                break
        run.wait(timeout=60)
        assert run.returncode == -signal.SIGKILL
    again = gamedb_on(FIXTURE_MIGRATIONS, url, "migrate", "--to", stop_at.id)
    assert again.returncode == 0, again.stderr
    assert "cleared the migration lock left by a run that ended without releasing it" in again.stderr
    assert f"applied  {stop_at.id}  (" in again.stderr
    status = json.loads(gamedb_on(FIXTURE_MIGRATIONS, url, "status", "--format", "json").stdout)
    assert (status["lock"], status["problems"], status["edited"], status["missing"]) == (None, [], 0, 0)


INDEX_BUILDS = r"^create index concurrently ledger_player_id "


def test_an_interrupted_concurrent_index_build_is_rebuilt_or_kept(empty_db_url):
    builds = migration_that(INDEX_BUILDS, FIXTURE_MIGRATIONS)
    url = migrate_fixtures(empty_db_url, migration_before(builds))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("insert into toy.ledger (player_id, points) values (1, 5), (1, 7)")
        # What a crash leaves: one build failed half way (INVALID), one finished.
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute("create unique index concurrently ledger_player_id on toy.ledger (player_id)")
        conn.execute("create index concurrently ledger_created_at on toy.ledger (created_at desc, id)")
    result = gamedb_on(FIXTURE_MIGRATIONS, url, "migrate", "--to", builds.id)
    assert result.returncode == 0, result.stderr
    assert "dropped index toy.ledger_player_id, left INVALID by an interrupted build" in result.stderr
    assert "kept index toy.ledger_created_at, built by an interrupted run" in result.stderr
    with psycopg.connect(url) as conn:
        assert conn.execute("select indexdef from pg_indexes where indexname = 'ledger_player_id'"
                            ).fetchone()[0] == "CREATE INDEX ledger_player_id ON toy.ledger USING btree (player_id)"
        assert conn.execute("select count(*) from pg_index where not indisvalid").fetchone()[0] == 0


def test_a_kept_index_is_kept_whatever_the_comments_before_it_say(empty_db_url):
    builds = migration_that(INDEX_BUILDS, FIXTURE_MIGRATIONS)
    # The statement the runner is given starts with the comments before it: they name CONCURRENTLY too.
    statement = next(s for s in statements_of(builds.path) if re.search(INDEX_BUILDS, s, re.I | re.M))
    assert re.search(r"(?i)^--.*concurrently(.|\n)*^create index concurrently", statement, re.M), statement
    url = migrate_fixtures(empty_db_url, migration_before(builds))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("create index concurrently ledger_player_id on toy.ledger (player_id)")
    result = gamedb_on(FIXTURE_MIGRATIONS, url, "migrate", "--to", builds.id)
    assert result.returncode == 0, result.stderr
    assert "kept index toy.ledger_player_id, built by an interrupted run" in result.stderr


def test_a_seed_stopped_half_way_is_resumed_and_counts_each_point_once(empty_db_url):
    """The totals' seed sums the ledger in committed batches of players while points go on being
    written. Stopped after some batches, the next run adds the rest: each point is counted once,
    by the trigger or by the seed."""
    seed_file = migration_that(r"^call toy\.seed_totals\(", FIXTURE_MIGRATIONS)
    url = migrate_fixtures(empty_db_url, migration_before(seed_file))
    award = "insert into toy.ledger (player_id, points) values (%s, 1)"
    with psycopg.connect(url, autocommit=True) as conn, psycopg.connect(url) as in_flight, \
            psycopg.connect(url) as holder:
        conn.execute("insert into toy.players (id) select n from generate_series(1, 2501) as n")
        # 5,000 points of 2,500 players: three batches of the seed (1,000 players each, in id order).
        conn.execute("insert into toy.ledger (player_id, points)"
                     " select 1 + n % 2500, 1 from generate_series(1, 5000) as n")
        # A writer in flight when the migration starts: its CREATE TRIGGER waits for it, and the seed
        # must count its point (the trigger never sees it).
        in_flight.execute("lock table toy.ledger in row exclusive mode")
        run = subprocess.Popen([*gamedb_command(FIXTURE_MIGRATIONS), "--database", url, "migrate", "--to",
                                seed_file.id], stderr=subprocess.PIPE, text=True)
        wait_for(conn, "select to_regclass('toy.totals') where to_regclass('toy.totals') is not null", process=run)
        in_flight.execute(award, [2501])  # the last player: only the last batch adds to their row
        # Another session holds a row only the last batch adds to, so the seed stops there, batches behind it.
        holder.execute("insert into toy.totals values (2501, 0)")
        in_flight.commit()
        seed = wait_for(conn, "select pid from pg_stat_activity where query like 'call toy.seed_totals%%'"
                              " and wait_event_type = 'Lock' and datname = current_database()", process=run)
        assert conn.execute("select done_player_id > 0 from toy.totals_seed").fetchone()[0]
        conn.execute("select pg_terminate_backend(%s)", seed)  # the crash
        holder.rollback()
        stopped = run.stderr.read()
        run.wait(timeout=60)
        assert run.returncode != 0 and "failed part way" in stopped, stopped
        for player in (7, 1500, 2501):
            conn.execute(award, [player])  # through the trigger, before the seed is finished
        again = gamedb_on(FIXTURE_MIGRATIONS, url, "migrate", "--to", seed_file.id)
        assert again.returncode == 0, again.stderr
        differ = conn.execute(
            "select player_id, sum(l.points), t.points from toy.ledger as l full join toy.totals as t"
            " using (player_id) group by player_id, t.points having sum(l.points) is distinct from t.points"
        ).fetchall()
        assert differ == []
        assert conn.execute("select (select sum(points) from toy.totals), (select count(*) from toy.ledger)"
                            ).fetchone() == (5004, 5004)
        assert conn.execute("select to_regclass('toy.totals_seed')").fetchone()[0] is None


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


def contracts_the_schema(migration) -> bool:
    """Whether a file silences a contract rule for something the code still running uses."""
    text = migration.path.read_text(encoding="utf-8")
    ignored = {rule.strip() for rules in re.findall(r"squawk-ignore(?:-file)? ([a-z, -]+)", text)
               for rule in rules.split(",")}
    return bool(ignored & set(CONTRACT_RULES)) and not keeps_every_table_name(text)


def keeps_every_table_name(text: str) -> bool:
    """A file whose every dropped or renamed table is one it creates itself contracts nothing: a backfill's
    work table, or a table swapped for a new one of the same name (a partitioned log)."""
    created = set(re.findall(r"(?im)^\s*create table (?:if not exists )?([\w.]+)", text))
    dropped = set(re.findall(r"(?im)^\s*drop table (?:if exists )?([\w.]+)", text))
    renamed = set(re.findall(r"(?im)^\s*alter table ([\w.]+) rename to ", text))
    contracting = re.search(r"(?im)^\s*alter table .* (drop column|rename column|rename \w+ to)", text)
    return bool(dropped | renamed) and dropped | renamed <= created and not contracting


@BOTH_FOLDERS
def test_only_post_deploy_migrations_contract_the_schema(folder):
    for migration in local_migrations(folder):
        if contracts_the_schema(migration):
            assert migration.phase == "post-deploy", f"{migration.id} contracts the schema: mark it post-deploy"


def test_the_contract_rule_tells_a_contract_from_a_seeds_work_table():
    """What the rule above sees in the fixtures: the column drop is a contract, the seed's dropped
    progress table (silenced with ban-drop-table too) is not."""
    seed = migration_that(r"^drop table if exists toy\.totals_seed", FIXTURE_MIGRATIONS)
    assert "ban-drop-table" in seed.path.read_text()
    assert [m.id for m in local_migrations(FIXTURE_MIGRATIONS) if contracts_the_schema(m)] == [
        migration_that(r"^alter table toy\.players drop column", FIXTURE_MIGRATIONS).id]


def test_pre_and_post_deploy_phases(empty_db_url):
    ids = [m.id for m in local_migrations(FIXTURE_MIGRATIONS)]
    contract = next(m for m in local_migrations(FIXTURE_MIGRATIONS) if m.phase == "post-deploy")
    expand = ids[ids.index(contract.id) - 1]  # the pre-deploy step just before the first contract step
    url = migrate_fixtures(empty_db_url, ids[ids.index(contract.id) - 2])
    pre = gamedb_on(FIXTURE_MIGRATIONS, url, "migrate", "--phase", "pre", "--format", "json")
    assert pre.returncode == 0, pre.stderr
    assert json.loads(pre.stdout)["migrations"] == [expand]
    assert f"stopping before {contract.id} (post-deploy)" in pre.stderr
    post = gamedb_on(FIXTURE_MIGRATIONS, url, "migrate", "--phase", "post", "--format", "json")
    applied = json.loads(post.stdout)["migrations"]
    assert applied[0] == contract.id and applied[-1] == ids[-1]
    status = json.loads(gamedb_on(FIXTURE_MIGRATIONS, url, "status", "--format", "json").stdout)
    assert (status["applied"], status["pending"], status["problems"]) == (len(ids), 0, [])


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


@BOTH_FOLDERS
def test_every_file_outside_a_transaction_runs_again_after_a_crash_before_its_record(folder, empty_db_url):
    """A crash after a `transactional: false` file's last statement and before its record: the next
    migrate runs the whole file again, so each of its statements must be safe to run twice."""
    migrator = Migrator(empty_db_url, Settings(), quiet, folder=folder)
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


@BOTH_FOLDERS
def test_every_rollback_outside_a_transaction_runs_again_after_a_crash_before_its_record(folder, empty_db_url):
    """The same for rollback files: a crash after a `transactional: false` rollback's last statement
    and before its record is deleted leaves the migration recorded as applied, and the next
    rollback runs the whole file again."""
    migrator = Migrator(empty_db_url, Settings(), quiet, folder=folder)
    migrator.migrate()
    failures = []
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
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
