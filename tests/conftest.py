"""Test harness: one throwaway PostgreSQL for the whole run.

The server is started here (as the `postgres` user when the suite runs as
root, since initdb and postgres refuse root) and pytest-postgresql's
no-process fixture is pointed at it. The migrations are applied once, into
pytest-postgresql's template database. Tests that commit get a fresh clone
of it; tests on one connection run in a transaction that is rolled back.
"""

import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from queue import Queue
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from psycopg import sql
from pytest_postgresql import factories

from runner.cli import cli
from runner.localpg import PORT, SUPERUSER, LocalServer, _give_to_owner
from runner.migrate import Migrator, Settings

SERVER: LocalServer | None = None


def pytest_configure(config):
    global SERVER
    home = Path(tempfile.mkdtemp(prefix="gamedb-test-"))
    _give_to_owner(home)
    SERVER = LocalServer(home)
    SERVER.start()
    config.option.postgresql_host = str(SERVER.socketdir)
    config.option.postgresql_port = str(PORT)
    config.option.postgresql_user = SUPERUSER


def pytest_unconfigure(config):
    if SERVER is not None:
        SERVER.destroy()


def url_for(dbname: str) -> str:
    return SERVER.url(dbname)


def quiet(_message: str) -> None:
    pass


def migrate_template(dbname, **_connection):
    """pytest-postgresql calls this once, on its template database."""
    migrator = Migrator(url_for(dbname), Settings(), quiet)
    migrator.migrate()
    migrator.close()  # a template must have no open connection to be cloned


# Migrated once, as pytest-postgresql's template database.
postgresql_noproc = factories.postgresql_noproc(load=[migrate_template])


@pytest.fixture(scope="session")
def admin():
    """One autocommit connection to the maintenance database, for cloning."""
    with psycopg.connect(SERVER.conninfo("postgres"), autocommit=True) as connection:
        yield connection


def clone_template(admin, template: str) -> str:
    name = f"gamedb_{uuid.uuid4().hex[:12]}"
    # The default WAL_LOG strategy: FILE_COPY would checkpoint, flushing
    # every page the previous test dirtied.
    admin.execute(
        sql.SQL("create database {} template {}").format(
            sql.Identifier(name), sql.Identifier(template)
        )
    )
    return name


def drop_database(admin, name: str) -> None:
    admin.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(name)))


class ClonePool:
    """Clones of the template made ahead, in a background thread, while tests run."""

    def __init__(self, template: str, ahead: int = 2):
        self.template = template
        self.connection = psycopg.connect(SERVER.conninfo("postgres"), autocommit=True)
        self.worker = ThreadPoolExecutor(max_workers=1)
        self.ready: Queue = Queue()
        for _ in range(ahead):
            self.ready.put(self.worker.submit(clone_template, self.connection, self.template))

    def take(self) -> str:
        name = self.ready.get().result()
        self.ready.put(self.worker.submit(clone_template, self.connection, self.template))
        return name

    def close(self) -> None:
        while not self.ready.empty():
            drop_database(self.connection, self.ready.get().result())
        self.worker.shutdown()
        self.connection.close()


@pytest.fixture(scope="session")
def clones(postgresql_noproc):
    pool = ClonePool(postgresql_noproc.template_dbname)
    yield pool
    pool.close()


@pytest.fixture
def db_url(admin, clones):
    """A fresh clone of the migrated template, dropped after the test."""
    name = clones.take()
    yield url_for(name)
    drop_database(admin, name)


@pytest.fixture(scope="session")
def shared_db_url(admin, postgresql_noproc):
    """One migrated database shared by tests that never commit."""
    name = clone_template(admin, postgresql_noproc.template_dbname)
    yield url_for(name)
    drop_database(admin, name)


@pytest.fixture
def conn(shared_db_url):
    """A connection whose whole test runs in one transaction, rolled back after.

    Cheaper than a clone. Statements expected to fail run in a savepoint
    (`with conn.transaction():`). Tests whose data other connections must
    see (the CLI, concurrency) use `db_url` instead.
    """
    with psycopg.connect(shared_db_url) as connection:
        yield connection
        connection.rollback()


@pytest.fixture(scope="session")
def schema_conn(shared_db_url):
    """Read-only look at the migrated schema."""
    with psycopg.connect(shared_db_url, autocommit=True) as connection:
        yield connection


@pytest.fixture
def empty_db_url(admin):
    """A database with nothing in it, dropped after the test."""
    name = f"gamedb_empty_{uuid.uuid4().hex[:10]}"
    admin.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    yield url_for(name)
    drop_database(admin, name)


@pytest.fixture
def gamedb(db_url):
    """Run the CLI against the test database: gamedb("query", "run", ...)."""

    def run(*args, database=None):
        return CliRunner().invoke(cli, ["--database", database or db_url, *args])

    return run


@pytest.fixture
def db(db_url):
    """An autocommit connection to the cloned database the CLI also sees."""
    with psycopg.connect(db_url, autocommit=True) as connection:
        yield connection
