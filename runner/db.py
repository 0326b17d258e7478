"""Which database to use, how to connect, and how database errors reach the user."""

import os
import re

import psycopg
from psycopg import errors as pg_errors
from psycopg.conninfo import conninfo_to_dict

from runner import PROJECT_ROOT
from runner.errors import DatabaseError, RefusedError, UsageError
from runner.localpg import LocalServerError, project_server

LOCAL_DBNAME = "gamedb"
LOCAL_SOURCE = "the project's local server"

# SQLSTATE classes that mean "a rule in the database said no":
# 22 data exception, 23 integrity constraint, P0 raised by a rule function;
# and 42501: the role has no privilege for it.
REFUSAL_CLASSES = ("22", "23", "P0")
INSUFFICIENT_PRIVILEGE = "42501"


def resolve_url(option_url: str | None) -> tuple[str, str]:
    """The database to use and where that choice came from.

    `--database` wins, then `DATABASE_URL`; with neither, the project's own
    throwaway server is started (if needed) and its `gamedb` database used.
    """
    for url, source in ((option_url, "--database"), (os.environ.get("DATABASE_URL"), "DATABASE_URL")):
        if url:
            try:
                conninfo_to_dict(url)
            except psycopg.ProgrammingError as exc:
                raise UsageError(f"{source}: not a PostgreSQL URL or connection string ({str(exc).strip()})") from exc
            return url, source
    return local_database_url(), LOCAL_SOURCE


def local_database_url() -> str:
    """Start the project's own server if needed; the URL of its `gamedb` database."""
    try:
        server = project_server(PROJECT_ROOT)
        server.start()
        server.ensure_database(LOCAL_DBNAME)
    except (LocalServerError, psycopg.Error) as exc:
        raise DatabaseError(f"cannot start the local PostgreSQL: {exc}") from exc
    return server.url(LOCAL_DBNAME)


def redact(url: str) -> str:
    """The URL or key=value string with any password hidden, for messages: in the URL's user part,
    and as a `password=` parameter (`?password=`, `&password=`, or a key=value word, quoted or not)."""
    url = re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)
    return re.sub(r"(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^&\s]*)", r"\1***", url)


def cannot_connect(url: str, exc: psycopg.OperationalError) -> DatabaseError:
    """The one message for a connection that failed, whoever tried it."""
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else "connection failed"
    return DatabaseError(f"cannot connect to {redact(url)}: {first_line}")


def connect(url: str, **kwargs) -> psycopg.Connection:
    try:
        return psycopg.connect(url, **kwargs)
    except psycopg.OperationalError as exc:
        raise cannot_connect(url, exc) from exc


def describe(exc: psycopg.Error) -> str:
    """The server's message, with its detail, on one line."""
    diag = exc.diag
    message = diag.message_primary or str(exc).strip().splitlines()[0]
    # "Failing row contains (...)" repeats the whole row back: not for a one-line error.
    if diag.message_detail and not diag.message_detail.startswith("Failing row contains"):
        message += f" ({diag.message_detail})"
    return message


def translate(exc: psycopg.Error) -> Exception:
    """A database error as the user's error: a refusal by a rule, or a failure."""
    sqlstate = exc.sqlstate or ""
    if isinstance(exc, pg_errors.LockNotAvailable):
        return DatabaseError(f"lock timeout: {describe(exc)}")
    if sqlstate[:2] in REFUSAL_CLASSES or sqlstate == INSUFFICIENT_PRIVILEGE:
        return RefusedError(f"refused by the database: {describe(exc)}")
    return DatabaseError(f"database error [{sqlstate or 'unknown'}]: {describe(exc)}")


def install_pg_cron_jobs(url: str, script_for) -> tuple[int, list, str]:
    """Run `script_for(dbname)` (runner.schedule.pg_cron_script) in the database that holds pg_cron,
    in one transaction; return (gamedb jobs now scheduled for this database, jobs left out, that database)."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from runner.schedule import PG_CRON_PREFIX

    with connect(url) as conn:
        dbname = conn.info.dbname
        cron_db = conn.execute("select current_setting('cron.database_name', true)").fetchone()[0]
        has_runner = conn.execute("select to_regprocedure('core.run_job(text, text, interval, boolean, text)')"
                                  ).fetchone()[0]
    if not cron_db:
        raise DatabaseError("pg_cron is not loaded on this server: add it to shared_preload_libraries "
                            "(Debian: apt-get install postgresql-15-cron) and restart")
    if not has_runner:
        raise DatabaseError("core.run_job is missing: run `gamedb migrate` first")
    script, left = script_for(dbname)
    with connect(make_conninfo(**dict(conninfo_to_dict(url), dbname=cron_db))) as conn:
        if not conn.execute("select 1 from pg_extension where extname = 'pg_cron'").fetchone():
            raise DatabaseError(f"pg_cron is loaded but not created: `create extension pg_cron` in database {cron_db}")
        try:
            with conn.transaction():
                conn.execute(script)
                count = conn.execute("select count(*) from cron.job where jobname like %s and database = %s",
                                     [PG_CRON_PREFIX + "%", dbname]).fetchone()[0]
        except psycopg.Error as exc:
            raise translate(exc) from exc
    return count, left, cron_db


def replica_lag(primary_url: str, replica_url: str) -> float | None:
    """Seconds the replica is behind the primary (0 when it has replayed all the primary has written);
    None when `replica_url` is not a server in recovery."""
    with connect(replica_url) as replica:
        in_recovery, replayed, replayed_at_age = replica.execute(
            "select pg_is_in_recovery(), pg_last_wal_replay_lsn(),"
            " extract(epoch from now() - pg_last_xact_replay_timestamp())").fetchone()
    if not in_recovery:
        return None
    with connect(primary_url) as primary:
        caught_up = primary.execute("select %s::pg_lsn >= pg_current_wal_lsn()", [str(replayed)]).fetchone()[0]
    if caught_up:
        return 0.0
    # now() is when the query began: a transaction replayed since then makes the age a little negative.
    return float("inf") if replayed_at_age is None else max(0.0, float(replayed_at_age))
