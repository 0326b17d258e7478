"""Test harness: one throwaway PostgreSQL for the whole run.

The server is started here (as the `postgres` user when the suite runs as
root, since initdb and postgres refuse root) and pytest-postgresql's
no-process fixture is pointed at it. The migrations are applied once, into
pytest-postgresql's template database; every test gets a fresh clone.
"""

import tempfile
import uuid
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
    Migrator(url_for(dbname), Settings(), quiet).migrate()


postgresql_noproc = factories.postgresql_noproc(load=[migrate_template])
postgresql = factories.postgresql("postgresql_noproc")


@pytest.fixture
def conn(postgresql):
    """An autocommit connection to a freshly migrated database."""
    postgresql.autocommit = True
    return postgresql


@pytest.fixture
def db_url(postgresql) -> str:
    return url_for(postgresql.info.dbname)


@pytest.fixture
def empty_db_url():
    """A database with nothing in it, dropped after the test."""
    name = f"gamedb_empty_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(SERVER.conninfo("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    yield url_for(name)
    with psycopg.connect(SERVER.conninfo("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(name)))


@pytest.fixture
def gamedb(db_url):
    """Run the CLI against the test database: gamedb("query", "run", ...)."""

    def run(*args, database=None):
        return CliRunner().invoke(cli, ["--database", database or db_url, *args])

    return run
