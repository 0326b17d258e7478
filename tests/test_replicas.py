"""Read replicas: read-only queries go to a hot standby while it keeps up; writes always to the primary.

The harness streams the suite's own throwaway server to a hot standby made
with `pg_basebackup -R`, on this machine, and runs gamedb against both.
"""

import re
import time

import psycopg
import pytest

from runner.db import replica_lag
from runner.localpg import PORT, SUPERUSER, LocalServer, throwaway_home
from tests.conftest import clone_template, drop_database, url_for
from tests.helpers import gamedb_process, wait_for


@pytest.fixture(scope="module")
def primary_and_replica(server, admin, template):
    """A migrated database with the demo data on the suite's server (the primary), and its standby."""
    name = clone_template(admin, template)
    url = url_for(name)
    replica = LocalServer(throwaway_home("gamedb-replica-"))
    # A replication slot, as a standby in production has: the other workers keep writing to the
    # same server, and without one the server could recycle WAL the standby has not streamed
    # yet, leaving it behind for good.
    slot = f"gamedb_test_{name}"
    try:
        assert gamedb_process(url, "-q", "load-demo").returncode == 0
        backup = server._run(server.bindir / "pg_basebackup", "-D", replica.datadir, "-R", "-C", "-S", slot,
                             "-h", server.socketdir, "-p", str(PORT), "-U", SUPERUSER, "-X", "stream", "-c", "fast")
        assert backup.returncode == 0, backup.stderr
        # The copied configuration names the primary's socket directory: the standby gets its own.
        append = replica._run("sh", "-c", f"echo \"unix_socket_directories = '{replica.socketdir}'\""
                                          f" >> '{replica.datadir}/postgresql.conf'")
        assert append.returncode == 0, append.stderr
        replica.start()
        read_url = replica.url(name)
        # Caught up: replayed at least a transaction committed on the primary once the standby started, so that
        # its lag is a time. (Not "no lag": the other tests keep writing to the same server.)
        with psycopg.connect(url, autocommit=True) as primary:
            primary.execute("select txid_current()")  # a transaction with an id: a commit to replay
            written = primary.execute("select pg_current_wal_lsn()").fetchone()[0]
        deadline = time.monotonic() + 30
        while not caught_up(read_url, written):
            assert time.monotonic() < deadline, "the replica never caught up"
            time.sleep(0.1)
        yield url, read_url
    finally:
        replica.destroy()
        drop_slot(admin, slot)
        drop_database(admin, name)


def drop_slot(admin, slot: str) -> None:
    """Once the stopped standby's sender has let go of it."""
    wait_for(admin, "select 1 where not exists (select from pg_replication_slots where slot_name = %s and active)",
             params=[slot])
    admin.execute("select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = %s", [slot])


def caught_up(read_url: str, lsn: str) -> bool:
    try:
        with psycopg.connect(read_url, autocommit=True) as standby:
            return standby.execute("select pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]).fetchone()[0]
    except psycopg.OperationalError:  # still starting
        return False


def test_a_read_query_runs_on_the_replica_and_a_write_on_the_primary(primary_and_replica):
    url, read_url = primary_and_replica
    read = gamedb_process(url, "--read-url", read_url, "query", "run", "game_stats", "--format", "json")
    assert read.returncode == 0, read.stderr
    assert "reading from the replica" in read.stderr and re.search(r"\(\d+\.\d s behind\)", read.stderr), read.stderr
    written = gamedb_process(url, "--read-url", read_url, "query", "run", "setting_set", "-p", "key=max_games_per_day",
                             "-p", "value=7", "-p", "changed_by=replica test")
    assert written.returncode == 0, written.stderr
    assert "reading from the replica" not in written.stderr
    with psycopg.connect(url) as conn:
        assert conn.execute("select value from core.gamification_settings where key = 'max_games_per_day'"
                            ).fetchone() == ("7",)


def test_a_write_sent_to_the_replica_is_refused_there(primary_and_replica):
    _, read_url = primary_and_replica
    refused = gamedb_process(read_url, "query", "run", "setting_set", "-p", "key=max_games_per_day", "-p", "value=9",
                             "-p", "changed_by=replica test")
    assert refused.returncode == 4 and "cannot set transaction read-write mode during recovery" in refused.stderr


def test_a_lagging_replica_is_reported_and_the_primary_reads_instead(primary_and_replica):
    url, read_url = primary_and_replica
    with psycopg.connect(read_url, autocommit=True) as replica:
        replica.execute("select pg_wal_replay_pause()")
        try:
            with psycopg.connect(url, autocommit=True) as primary:
                primary.execute("select core.set_setting('max_games_per_day', '8', 'lag test')")
            time.sleep(1.2)
            lag = replica_lag(url, read_url)
            assert lag > 1.0
            behind = gamedb_process(url, "--read-url", read_url, "--max-lag", "1", "query", "run", "settings_list",
                                    "--format", "csv")
            assert behind.returncode == 0, behind.stderr
            assert "behind (more than --max-lag 1 s): reading from the primary" in behind.stderr
            assert "max_games_per_day,8," in behind.stdout  # the primary's value, not the replica's stale one
        finally:
            replica.execute("select pg_wal_replay_resume()")
    not_a_replica = gamedb_process(url, "--read-url", url, "query", "run", "game_stats")
    assert not_a_replica.returncode == 0 and "is not a replica in recovery" in not_a_replica.stderr
