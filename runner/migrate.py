"""Migrations: yoyo-migrations' files, tables and lock, with what mature tools add.

The files are yoyo's (`yoyo` itself can still run the folder) and every run
keeps yoyo's tables (_yoyo_migration, _yoyo_log) as yoyo would. gamedb runs
the SQL itself, as `psql -1 -f` would: a transactional file goes to the
server whole, in one round trip, and commits in the same transaction as its
bookkeeping; a `transactional: false` file runs statement by statement
(split as yoyo splits it). All on one connection per run. On top of yoyo
(which records only a hash of each migration's *name*):
- a SHA-256 of every applied file's content, checked before each run, so an
  edited applied migration is refused (as Flyway's validate does);
- pending migrations must sort after every applied one (no out-of-order);
- every migration connection has a `lock_timeout`, and a migration that hits
  it is retried a bounded number of times with back-off (GitLab's lock
  retries), so DDL never queues behind a long transaction for long;
- where the login may set it, the connection's `deadlock_timeout` is
  lowered: PostgreSQL cancels an autovacuum that blocks a lock request only
  after the requester has waited that long, and writers queue behind the
  request meanwhile (1 s by default, measured as 1 s writer stalls); it is
  also when the migration looks for a deadlock, so a cycle the application
  closes soon after makes the migration the victim, and it is retried;
- the migration lock is a session-level advisory lock, which PostgreSQL
  releases when the holder's session ends: a crashed run never needs a
  manual unlock. yoyo's lock row is written too (pid = minus the holder's
  database session id), so `yoyo` itself still waits for a gamedb run; a
  row gamedb left behind is cleared by the next run, and a row written by
  yoyo is waited for;
- a `-- transactional: false` migration interrupted half way (a crash during
  CREATE INDEX CONCURRENTLY) runs again: an index its earlier run left
  INVALID is dropped and built again, a valid one is kept;
- the rollback file's SHA-256 is recorded and verified as well, in the same
  transaction as yoyo's mark (and, for a transactional file, as the file
  itself); a record a crash left without checksums is completed (and said
  so) on the next run;
- once the schemas belong to the gamedb_owner role (the first migration,
  0001_core_roles_and_schemas, creates them owned by it), every migration
  runs as that role, so whatever it creates is owned by it too; a file
  whose header says `-- role: login` runs as the login user instead.

`status` and `--dry-run` only read: they never create yoyo's tables.
"""

import hashlib
import re
import time
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import sqlparse
from psycopg.conninfo import conninfo_to_dict
from yoyo import get_backend, read_migrations
from yoyo.migrations import MigrationList

from runner import MIGRATIONS_DIR
from runner.db import cannot_connect, connect, describe, translate
from runner.errors import DatabaseError, GamedbError, HistoryError, UsageError
from runner.headers import Header, check_keys, read_header

CHECKSUM_TABLE = "_gamedb_migration_checksum"
PHASES = ("pre-deploy", "post-deploy")
CONCURRENT_INDEX = re.compile(
    r"^\s*create\s+(?:unique\s+)?index\s+concurrently\s+(?!if\s+not\s+exists)([a-z_][a-z0-9_]*)",
    re.IGNORECASE | re.MULTILINE)
OWNER_ROLE = "gamedb_owner"
YOYO_TABLES = ("_yoyo_migration", "_yoyo_log", "_yoyo_version", "yoyo_lock", CHECKSUM_TABLE)


@dataclass(frozen=True)
class Settings:
    lock_timeout_ms: int = 5000
    deadlock_timeout_ms: int = 50
    lock_retries: int = 5
    retry_base_seconds: float = 1.0
    wait_for_lock_seconds: int = 60


@dataclass(frozen=True)
class MigrationFile:
    """A migration and its rollback file. What is read from the files is read once,
    when first asked: a run judges and applies the files as they were when it started."""

    id: str
    path: Path

    @property
    def rollback_path(self) -> Path:
        return self.path.with_name(f"{self.id}.rollback.sql")

    @cached_property
    def checksum(self) -> str:
        return file_checksum(self.path)

    @cached_property
    def rollback_checksum(self) -> str:
        return file_checksum(self.rollback_path)

    @cached_property
    def header(self) -> Header:
        return migration_header(self.path)

    @cached_property
    def rollback_header(self) -> Header:
        return migration_header(self.rollback_path)

    @property
    def phase(self) -> str:
        """`post-deploy` for contract steps (drops, renames) the old code cannot run against; else `pre-deploy`."""
        phase = self.header.get("phase", "pre-deploy")
        if phase not in PHASES:
            raise UsageError(f"migration {self.id}: phase must be one of {', '.join(PHASES)}, not {phase!r}")
        return phase

    @property
    def transactional(self) -> bool:
        """False when the header says `transactional: false` (CONCURRENTLY, committed batches)."""
        return self.header.get("transactional") != "false"

    @property
    def rollback_transactional(self) -> bool:
        return self.rollback_header.get("transactional") != "false"

    @property
    def accepted_rollback_checksums(self) -> set[str]:
        """The rollback file's checksum, and those of released versions its header names (`-- revises:`)."""
        return {self.rollback_checksum} | set(self.rollback_header.values("revises"))

    @property
    def accepted_checksums(self) -> set[str]:
        """This file's checksum, and those of the released versions it revises.

        A migration fixed after release names each earlier version in its
        header (`-- revises: <sha256>`); databases that applied one of them are
        not refused. Only for fixes whose result is the same either way.
        """
        return {self.checksum} | set(self.header.values("revises"))


def file_checksum(path: Path) -> str:
    # Line endings are normalised so a checkout with CRLF is not "edited".
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


@dataclass
class AppliedMigration:
    id: str
    applied_at: object
    checksum: str | None
    rollback_checksum: str | None = None


MIGRATION_HEADER_KEYS = {"transactional", "phase", "role", "revises", "depends"}


@dataclass
class Plan:
    """What a run would do, read from the history and the files; migrate, rollback, their
    dry runs, status and verify all read it, so they cannot disagree."""

    listing: list[tuple[str, str, object]]  # (state, id, applied_at): applied, pending, EDITED, MISSING
    problems: list[str]  # what makes it unsafe to go on (history_problems)
    steps: list[MigrationFile]  # what to apply, or to roll back (newest first), in order

    def count(self, state: str) -> int:
        return sum(1 for kind, _, _ in self.listing if kind == state)


def migration_header(path: Path) -> Header:
    """A migration's (or rollback's) header; a key migrations do not know is refused."""
    header = read_header(path)
    check_keys(path, header, MIGRATION_HEADER_KEYS)
    return header


def runs_as_login(path: Path) -> bool:
    """Whether the file's header says `-- role: login`."""
    return migration_header(path).get("role") == "login"


def statements_of(path: Path) -> list[str]:
    """A file's statements, split as yoyo splits them (sqlparse: dollar quotes and comments respected)."""
    return list(split_statements(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=None)
def split_statements(text: str) -> tuple[str, ...]:
    # sqlparse takes tens of milliseconds a file: a process that migrates
    # several databases (the test suite, a fleet) splits each text once.
    return tuple(s for s in sqlparse.split(text) if not only_comments(s))


def only_comments(statement: str) -> bool:
    """Whether a piece of a file holds comments and blanks only (nothing to send). Read from
    sqlparse's tokens: formatting the text with strip_comments would cost 30 times as much."""
    tokens = sqlparse.lexer.Lexer.get_default_instance().get_tokens(statement)
    return all(kind in sqlparse.tokens.Comment or kind in sqlparse.tokens.Whitespace for kind, _ in tokens)


def local_migrations(folder: Path = MIGRATIONS_DIR) -> list[MigrationFile]:
    files = [
        MigrationFile(path.stem, path)
        for path in sorted(folder.glob("*.sql"))
        if not path.name.endswith(".rollback.sql")
    ]
    for migration in files:
        if not migration.rollback_path.exists():
            raise UsageError(f"migration {migration.id} has no rollback file {migration.rollback_path.name}")
    return files


def applied_migrations(conn: psycopg.Connection) -> dict[str, AppliedMigration]:
    """What the database says was applied, read without writing anything."""
    tables = conn.execute(
        "select to_regclass('public._yoyo_migration') is not null,"
        " to_regclass(%s) is not null",
        [f"public.{CHECKSUM_TABLE}"],
    ).fetchone()
    if not tables[0]:
        return {}
    checksum_join = (
        f"left join public.{CHECKSUM_TABLE} c using (migration_id)" if tables[1] else ""
    )
    checksum_column = "c.sha256, c.rollback_sha256" if tables[1] and conn.execute(
        "select 1 from pg_attribute where attrelid = to_regclass(%s) and attname = 'rollback_sha256'",
        [f"public.{CHECKSUM_TABLE}"]).fetchone() else ("c.sha256, null" if tables[1] else "null, null")
    rows = conn.execute(
        f"select m.migration_id, m.applied_at_utc, {checksum_column}"
        f" from public._yoyo_migration m {checksum_join} order by m.migration_id"
    ).fetchall()
    return {row[0]: AppliedMigration(*row) for row in rows}


def history_problems(files: list[MigrationFile], applied: dict[str, AppliedMigration]) -> list[str]:
    """Everything that makes it unsafe to go on: edited, missing, out of order."""
    problems = []
    local_ids = {f.id for f in files}
    for migration in files:
        record = applied.get(migration.id)
        if record and record.checksum and record.checksum not in migration.accepted_checksums:
            problems.append(
                f"{migration.id} was edited after it was applied "
                "(write a new migration instead; restore the file from version control)"
            )
        if record and record.rollback_checksum and record.rollback_checksum not in migration.accepted_rollback_checksums:
            problems.append(
                f"{migration.rollback_path.name} was edited after {migration.id} was applied "
                "(restore it from version control; a fix names the released version with `-- revises:`)"
            )
    missing = sorted(set(applied) - local_ids)
    if missing and len(missing) == len(applied):
        # Nothing in common: every other finding would only restate it, once per file.
        return problems + [
            f"none of the {len(applied)} migrations applied to this database ({missing[0]} to {missing[-1]}) is in "
            "the migrations folder: it was built by other migrations; migrate a new database instead "
            "(the project's own local server is throwaway: `gamedb server destroy` and run again)"]
    if len(missing) > 3:
        problems.append(f"{len(missing)} applied migrations are missing from the migrations folder: "
                        f"{', '.join(missing[:3])} ... {missing[-1]}")
    else:
        problems += [f"{m} is applied but its file is missing from the migrations folder" for m in missing]
    if applied:
        latest = max(applied)
        for migration in files:
            if migration.id not in applied and migration.id < latest:
                problems.append(
                    f"{migration.id} is pending but sorts before the applied {latest} "
                    "(renumber it after the latest applied migration)"
                )
    return problems


MIGRATION_LOCK = "select hashtextextended('gamedb.migrate', 0)"


def live_run(conn: psycopg.Connection) -> str | None:
    """The migration run holding the advisory lock, if one is alive."""
    row = conn.execute(
        "select a.pid, a.usename, a.client_addr, a.backend_start from pg_locks as l"
        " join pg_stat_activity as a using (pid)"
        " where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database"
        f" where datname = current_database()) and (l.classid::bigint << 32 | l.objid::bigint) = ({MIGRATION_LOCK})"
    ).fetchone()
    if row is None:
        return None
    return f"database session {row[0]} of {row[1]} (connected {row[3]:%Y-%m-%d %H:%M:%S %Z})"


def lock_holder(conn: psycopg.Connection) -> str | None:
    """Who holds the migration lock: a live gamedb run, a yoyo run, or a row left by a crash."""
    return live_run(conn) or yoyo_lock_row(conn)


def yoyo_lock_row(conn: psycopg.Connection) -> str | None:
    """Who yoyo's lock row names, if there is one."""
    if conn.execute("select to_regclass('public.yoyo_lock')").fetchone()[0] is None:
        return None
    row = conn.execute("select pid, ctime from public.yoyo_lock").fetchone()
    if row is None:
        return None
    if row[0] < 0:
        return f"nobody: a run that ended without releasing it (session {-row[0]}); the next migrate clears it"
    return f"process {row[0]} since {row[1]:%Y-%m-%d %H:%M:%S} UTC"


def _yoyo_uri(url: str, settings: Settings) -> str:
    """yoyo's URI for `url`, with the lock timeout set on the connection."""
    params = conninfo_to_dict(url)
    dbname = params.pop("dbname", "")
    options = params.get("options", "")
    params["options"] = f"{options} -c lock_timeout={settings.lock_timeout_ms}".strip()
    return f"postgresql+psycopg:///{dbname}?{urlencode(params)}"


class Migrator:
    """Applies and rolls back migrations under yoyo's lock."""

    def __init__(self, url: str, settings: Settings, echo, folder: Path = MIGRATIONS_DIR):
        self.url = url
        self.settings = settings
        self.echo = echo
        self.folder = folder
        self.files = local_migrations(folder)
        self.on_step = lambda done, total: None  # told after each migration applied or rolled back

    def applied(self) -> dict[str, AppliedMigration]:
        with connect(self.url) as conn:
            return applied_migrations(conn)

    _backend = None

    def _open_backend(self):
        """yoyo's backend, opened once per Migrator and reused by its calls."""
        if self._backend is None:
            try:
                self._backend = get_backend(_yoyo_uri(self.url, self.settings))
            except psycopg.OperationalError as exc:
                raise cannot_connect(self.url, exc) from exc
            except psycopg.Error as exc:
                raise translate(exc) from exc
        return self._backend

    def close(self) -> None:
        if self._backend is not None:
            self._backend.connection.close()
        self._backend = None

    def __enter__(self) -> "Migrator":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def checked_plan(self, applied: dict[str, AppliedMigration], **plan_options) -> Plan:
        """The plan, refused when the history has a problem (an edited, missing or out-of-order file)."""
        plan = self.plan(applied, **plan_options)
        if plan.problems:
            raise HistoryError("refusing to go on: " + "; ".join(plan.problems))
        return plan

    def _run_locked(self, action, **plan_options):
        backend = self._open_backend()
        conn = backend.connection
        # yoyo creates its bookkeeping tables when it connects, quietly giving up where it may not:
        # say why here, rather than let the lock fail on a table that is not there.
        if conn.execute("select to_regclass('public.yoyo_lock') is null"
                        " and not has_schema_privilege('public', 'CREATE')").fetchone()[0]:
            raise DatabaseError(
                f"{conn.info.user} may not create the migration bookkeeping in the schema public: create the"
                f" database owned by {OWNER_ROLE} (or grant the login CREATE on schema public)")
        self._take_lock(conn)
        # Lowered for this session only, where the login may (a superuser, or a DBA's
        # `grant set on parameter deadlock_timeout to <login>`): see the module's docstring.
        if conn.execute("select has_parameter_privilege('deadlock_timeout', 'SET')").fetchone()[0]:
            conn.execute(f"set deadlock_timeout = {self.settings.deadlock_timeout_ms}")
        # yoyo takes its own lock row to upgrade its tables; ours is held.
        backend._is_locked = True
        try:
            conn.execute(
                f"create table if not exists public.{CHECKSUM_TABLE} ("
                " migration_id text primary key, sha256 text not null,"
                " applied_at timestamptz not null default now())"
            )
            conn.execute(f"alter table public.{CHECKSUM_TABLE} add column if not exists rollback_sha256 text")
            self._complete_records(conn)
            backend.ensure_internal_schema_updated()  # yoyo's own tables, before any transaction of ours
            # yoyo remembers that only when it had to upgrade them; otherwise each
            # mark and unmark below would read their version again (three queries).
            backend._internal_schema_updated = True
            return action(backend, self.checked_plan(applied_migrations(conn), **plan_options))
        finally:
            backend._is_locked = False
            self._release_lock(conn)

    def _take_lock(self, conn) -> None:
        """The advisory lock (waiting up to --wait), then yoyo's lock row for anyone running yoyo."""
        deadline = time.monotonic() + self.settings.wait_for_lock_seconds
        while not conn.execute(f"select pg_try_advisory_lock(({MIGRATION_LOCK}))").fetchone()[0]:
            if time.monotonic() > deadline:
                raise HistoryError(
                    f"another migration run is in progress ({live_run(conn) or 'it just ended'}); waited "
                    f"{self.settings.wait_for_lock_seconds}s: try again when it has finished"
                )
            time.sleep(0.5)
        # Holding the advisory lock, any row gamedb wrote belongs to a run that is gone.
        for session, since in conn.execute(
                "delete from public.yoyo_lock where pid < 0 returning -pid, ctime").fetchall():
            self.echo(f"cleared the migration lock left by a run that ended without releasing it "
                      f"(session {session}, since {since:%Y-%m-%d %H:%M:%S} UTC)")
        while True:
            try:
                conn.execute("insert into public.yoyo_lock (locked, ctime, pid)"
                             " values (1, now() at time zone 'UTC', -pg_backend_pid())")
                return
            except psycopg.errors.UniqueViolation:
                if time.monotonic() > deadline:
                    holder = yoyo_lock_row(conn) or "another run"
                    conn.execute(f"select pg_advisory_unlock(({MIGRATION_LOCK}))")
                    raise HistoryError(
                        f"the migration lock is held by {holder} (waited {self.settings.wait_for_lock_seconds}s),"
                        " a yoyo run. If no migration is running (a crashed yoyo run left it), clear it with"
                        " `gamedb unlock`"
                    ) from None
                time.sleep(0.5)

    def _release_lock(self, conn) -> None:
        if conn.closed:
            return
        conn.execute("delete from public.yoyo_lock where pid = -pg_backend_pid()")
        conn.execute(f"select pg_advisory_unlock(({MIGRATION_LOCK}))")

    def _resume_interrupted_builds(self, conn, migration_id: str, statements: list[str]) -> list[str]:
        """Let a non-transactional migration run again after a crash left some of its indexes behind.

        A failed CREATE INDEX CONCURRENTLY leaves an INVALID index that only
        costs writes: it is dropped and built again. A valid one is kept
        (its statement becomes IF NOT EXISTS, in this run only).
        """
        resumed = []
        for statement in statements:
            match = CONCURRENT_INDEX.search(statement)
            found = match and conn.execute(
                "select i.indisvalid, c.oid::regclass::text from pg_class as c"
                " join pg_index as i on i.indexrelid = c.oid where c.relname = %s and c.relkind = 'i'",
                [match.group(1)]).fetchone()
            if found and found[0]:
                # the CREATE's own CONCURRENTLY: comments before it may say the word too
                statement = statement[:match.start()] + re.sub(
                    r"(?i)concurrently\s+", "concurrently if not exists ", statement[match.start():], count=1)
                self.echo(f"{migration_id}: kept index {found[1]}, built by an interrupted run")
            elif found:
                conn.execute(f"drop index concurrently {found[1]}")
                self.echo(f"{migration_id}: dropped index {found[1]}, left INVALID by an interrupted build;"
                          " building it again")
            resumed.append(statement)
        return resumed

    def _complete_records(self, conn) -> None:
        """Checksums a crash left unrecorded: the file as it is now, which is the file that ran."""
        if conn.execute("select to_regclass('public._yoyo_migration')").fetchone()[0] is None:
            return
        files = {f.id: f for f in self.files}
        missing = conn.execute(
            f"select m.migration_id, c.sha256 is null from public._yoyo_migration as m"
            f" left join public.{CHECKSUM_TABLE} as c using (migration_id)"
            f" where c.sha256 is null or c.rollback_sha256 is null order by 1"
        ).fetchall()
        for migration_id, no_record in missing:
            if migration_id not in files:
                continue
            migration = files[migration_id]
            conn.execute(
                f"insert into public.{CHECKSUM_TABLE} (migration_id, sha256, rollback_sha256) values (%s, %s, %s)"
                " on conflict (migration_id) do update set rollback_sha256 = excluded.rollback_sha256",
                [migration_id, migration.checksum, migration.rollback_checksum])
            if no_record:
                self.echo(f"recorded the checksums of {migration_id}: its run ended before recording them")

    def _with_retries(self, migration_id: str, verb: str, step, transactional: bool = True):
        """Run one migration step; retry it when it lost a lock wait.

        Both a lock timeout and a deadlock (the application took the same
        tables in the other order, and PostgreSQL chose the migration as the
        victim) roll the step back whole, so running it again is safe.
        """
        for attempt in range(self.settings.lock_retries + 1):
            try:
                return step()
            except (psycopg.errors.LockNotAvailable, psycopg.errors.DeadlockDetected) as exc:
                reason = "deadlock" if isinstance(exc, psycopg.errors.DeadlockDetected) else "lock timeout"
                if attempt == self.settings.lock_retries:
                    raise DatabaseError(
                        f"{migration_id}: could not get its locks ({reason}, lock_timeout "
                        f"{self.settings.lock_timeout_ms} ms) after {attempt + 1} attempts; "
                        "nothing was changed. Retry when the blocking transaction has ended"
                    ) from exc
                delay = self.settings.retry_base_seconds * 2**attempt
                self.echo(
                    f"{migration_id}: {reason}, {verb} retry "
                    f"{attempt + 1}/{self.settings.lock_retries} in {delay:g}s"
                )
                time.sleep(delay)
            except psycopg.Error as exc:
                if not transactional:
                    command = "migrate" if verb == "apply" else "rollback"
                    raise DatabaseError(
                        f"{migration_id} failed part way: {describe(exc)}. It runs outside a transaction, so "
                        f"its statements before this one stay; run {command} again to finish it") from exc
                raise DatabaseError(f"{migration_id} failed and was rolled back: {describe(exc)}") from exc

    def _record_applied(self, backend, migration: "MigrationFile", yoyo_migration) -> None:
        """yoyo's rows (so yoyo itself sees the migration applied) and both checksums."""
        backend.mark_one(yoyo_migration, log=False)
        backend.log_migration(yoyo_migration, "apply")
        backend.connection.execute(
            f"insert into public.{CHECKSUM_TABLE} (migration_id, sha256, rollback_sha256)"
            " values (%s, %s, %s) on conflict (migration_id) do update"
            " set sha256 = excluded.sha256, rollback_sha256 = excluded.rollback_sha256, applied_at = now()",
            [migration.id, migration.checksum, migration.rollback_checksum],
        )

    def _record_rolled_back(self, backend, yoyo_migration) -> None:
        backend.unmark_one(yoyo_migration, log=False)
        backend.log_migration(yoyo_migration, "rollback")
        backend.connection.execute(f"delete from public.{CHECKSUM_TABLE} where migration_id = %s",
                                   [yoyo_migration.id])

    def _run_in_one_transaction(self, backend, path: Path, record) -> None:
        """Run a whole file and `record` it in one transaction on the run's own connection.

        The file goes to the server as it is, in one round trip (as `psql -1
        -f` sends it); the server parses it, so no client-side splitting.
        Once the schemas belong to gamedb_owner the file runs under SET LOCAL
        ROLE, so what it creates is the owner's; the bookkeeping after it
        runs as the login, which owns yoyo's tables. What the file's
        statements return (a backfill's counts) is said as progress.
        """
        conn = backend.connection
        as_owner = self._runs_as_owner(conn, path)
        with backend.transaction():
            if as_owner:
                try:
                    conn.execute(f"set local role {OWNER_ROLE}")
                except psycopg.errors.InsufficientPrivilege as exc:
                    raise DatabaseError(
                        f"the schemas belong to {OWNER_ROLE}: run migrations as a member of it "
                        f"(a DBA runs: grant {OWNER_ROLE} to <your login>)") from exc
            with conn.cursor() as cursor:
                cursor.execute(path.read_text(encoding="utf-8"))
                self._say_results(cursor)
            if as_owner:
                conn.execute("reset role")
            with conn.pipeline():  # the bookkeeping's statements in one round trip
                record()

    def _runs_as_owner(self, conn, path: Path) -> bool:
        """Whether a file runs as gamedb_owner: once that role owns the schemas, unless it says `role: login`."""
        return not runs_as_login(path) and self._schemas_owned(conn)

    def _schemas_owned(self, conn) -> bool:
        """Whether gamedb_owner owns the schemas (from 0001_core_roles_and_schemas on). Once seen true in a run
        it stays true until a rollback (only rolling back 0001_core_roles_and_schemas can change it)."""
        if not self._owned:
            self._owned = conn.execute(
                "select coalesce((select nspowner = to_regrole(%s) from pg_namespace where nspname = 'core'), false)",
                [OWNER_ROLE],
            ).fetchone()[0]
        return self._owned

    _owned = False

    def _run_statement_by_statement(self, backend, path: Path, statements: list[str]) -> None:
        """A `transactional: false` file: each statement on its own, committed as it ends (CONCURRENTLY
        and procedures that commit their batches need that), as the owner where the file would be."""
        conn = backend.connection
        as_owner = self._runs_as_owner(conn, path)
        if as_owner:
            conn.execute(f"set role {OWNER_ROLE}")
        try:
            for statement in statements:
                with conn.cursor() as cursor:
                    cursor.execute(statement)
                    self._say_results(cursor)
        finally:
            if as_owner and not conn.closed:
                conn.execute("reset role")

    def _say_results(self, cursor) -> None:
        """What a file's statements returned (a backfill's counts), said as progress."""
        while True:
            if cursor.description:
                for row in cursor.fetchall():
                    self.echo("  " + ", ".join(f"{d.name}: {v}" for d, v in zip(cursor.description, row)))
            if not cursor.nextset():
                break

    @cached_property
    def _yoyo_migrations(self) -> dict:
        """yoyo's reading of the folder, done once per Migrator, as `files` is."""
        return {m.id: m for m in read_migrations(str(self.folder))}

    def _yoyo_list(self, ids: list[str]) -> MigrationList:
        return MigrationList([self._yoyo_migrations[i] for i in ids])

    def plan(self, applied: dict[str, AppliedMigration], *, rollback: bool = False, up_to: str | None = None,
             phase: str = "all", count: int | None = None, to: str | None = None, everything: bool = False) -> Plan:
        """Every migration's state, the history's problems, and the steps of a migrate (`up_to`,
        `phase`) or a rollback (`count`, `to`, `everything`: the newest one by default)."""
        listing = []
        for migration in self.files:
            record = applied.get(migration.id)
            if record is None:
                listing.append(("pending", migration.id, None))
            elif record.checksum and record.checksum not in migration.accepted_checksums:
                listing.append(("EDITED", migration.id, record.applied_at))
            else:
                listing.append(("applied", migration.id, record.applied_at))
        listing += [("MISSING", missing, applied[missing].applied_at)
                    for missing in sorted(set(applied) - {f.id for f in self.files})]
        steps = self._rollback_steps(applied, count, to, everything) if rollback else self._pending(applied, up_to, phase)
        return Plan(listing, history_problems(self.files, applied), steps)

    def _pending(self, applied: dict, up_to: str | None, phase: str) -> list[MigrationFile]:
        """What to apply, in order. `pre`: only up to the first pending post-deploy migration,
        what the code still running can live with; `post` and `all`: everything pending."""
        if up_to is not None and up_to not in {f.id for f in self.files}:
            raise UsageError(f"--to {up_to}: no such migration in {self.folder.name}/")
        pending = [f for f in self.files if f.id not in applied and (up_to is None or f.id <= up_to)]
        if phase == "pre":
            first_post = next((n for n, f in enumerate(pending) if f.phase == "post-deploy"), len(pending))
            if first_post < len(pending):
                self.echo(f"phase pre: stopping before {pending[first_post].id} (post-deploy) and "
                          f"{len(pending) - first_post - 1} after it; run `migrate --phase post` after the deploy")
            pending = pending[:first_post]
        return pending

    def _rollback_steps(self, applied: dict, count: int | None, to: str | None, everything: bool) -> list[MigrationFile]:
        newest_first = sorted(applied, reverse=True)
        if to is not None and to not in applied:
            raise UsageError(f"--to {to}: no such applied migration")
        if everything:
            ids = newest_first
        elif to is not None:
            ids = [m for m in newest_first if m > to]
        else:
            if count is not None and count > len(newest_first):
                raise UsageError(f"--count {count}: only {len(newest_first)} migrations are applied;"
                                 " nothing was rolled back (--all rolls back every one)")
            ids = newest_first[: count if count is not None else 1]
        files = {f.id: f for f in self.files}
        return [files[i] for i in ids]  # an applied id without its file is a history problem, refused first

    def migrate(self, up_to: str | None = None, phase: str = "all") -> list[str]:
        def apply(backend, plan):
            pending = plan.steps
            if not pending:
                self.echo("nothing to migrate: the database is up to date")
                return []
            for migration, yoyo_migration in zip(pending, self._yoyo_list([f.id for f in pending])):
                self.echo(f"applying {migration.id} ...")
                started = time.monotonic()
                if migration.transactional:
                    # The file, yoyo's mark and our checksums commit together, or none of them.
                    self._with_retries(migration.id, "apply", lambda: self._run_in_one_transaction(
                        backend, migration.path, lambda: self._record_applied(backend, migration, yoyo_migration)))
                else:
                    statements = self._resume_interrupted_builds(
                        backend.connection, migration.id, statements_of(migration.path))
                    self._with_retries(migration.id, "apply", lambda: self._run_statement_by_statement(
                        backend, migration.path, statements), transactional=False)
                    with backend.transaction(), backend.connection.pipeline():
                        self._record_applied(backend, migration, yoyo_migration)
                self.echo(f"applied  {migration.id}  ({time.monotonic() - started:.2f}s)")
                self.on_step(pending.index(migration) + 1, len(pending))
            return [f.id for f in pending]

        return self._run_locked(apply, up_to=up_to, phase=phase)

    def rollback(self, count: int | None, to: str | None, everything: bool) -> list[str]:
        def revert(backend, plan):
            targets = [f.id for f in plan.steps]
            if not targets:
                self.echo("nothing to roll back")
                return []
            # Said first, so that a run cut short is finished by the same target, not by counting again.
            kept = [i for state, i, _ in plan.listing if state == "applied" and i not in targets]
            self.echo(f"rolling back to {kept[-1]}: if interrupted, rerun `gamedb rollback --to {kept[-1]}`"
                      if kept else "rolling back every migration: if interrupted, rerun `gamedb rollback --all`")
            for done, (migration, yoyo_migration) in enumerate(zip(plan.steps, self._yoyo_list(targets))):
                try:
                    self._roll_back_one(backend, migration, yoyo_migration)
                except GamedbError as exc:
                    if not done:
                        raise
                    # Each step committed: say where the database stands, and the way back.
                    raise type(exc)(f"{exc.message}; rolled back before it: {', '.join(targets[:done])}"
                                    " (`gamedb migrate` applies them again)") from exc
                self.on_step(done + 1, len(targets))
            return targets

        return self._run_locked(revert, rollback=True, count=count, to=to, everything=everything)

    def _roll_back_one(self, backend, migration: MigrationFile, yoyo_migration) -> None:
        """One migration's rollback file and its bookkeeping, committed."""
        self.echo(f"rolling back {migration.id} ...")
        started = time.monotonic()
        self._owned = False  # asked again each time: rolling back 0001_core_roles_and_schemas drops the schemas
        if migration.rollback_transactional:
            self._with_retries(migration.id, "rollback", lambda: self._run_in_one_transaction(
                backend, migration.rollback_path, lambda: self._record_rolled_back(backend, yoyo_migration)))
        else:
            statements = self._resume_interrupted_builds(
                backend.connection, migration.id, statements_of(migration.rollback_path))
            self._with_retries(migration.id, "rollback", lambda: self._run_statement_by_statement(
                backend, migration.rollback_path, statements), transactional=False)
            with backend.transaction(), backend.connection.pipeline():
                self._record_rolled_back(backend, yoyo_migration)
        self.echo(f"rolled back  {migration.id}  ({time.monotonic() - started:.2f}s)")

    def unlock(self) -> str | None:
        """Remove yoyo's lock row; refused while a gamedb run holds the advisory lock (it is alive)."""
        backend = self._open_backend()
        live = live_run(backend.connection)
        if live:
            raise HistoryError(f"a migration run is alive ({live}): its lock is not stale; nothing was changed")
        holder = lock_holder(backend.connection)
        backend.break_lock()
        return holder
