"""Migrations: yoyo-migrations applies them; gamedb adds what mature tools add.

On top of yoyo (which records only a hash of each migration's *name*):
- a SHA-256 of every applied file's content, checked before each run, so an
  edited applied migration is refused (as Flyway's validate does);
- pending migrations must sort after every applied one (no out-of-order);
- every migration connection has a `lock_timeout`, and a migration that hits
  it is retried a bounded number of times with back-off (GitLab's lock
  retries), so DDL never queues behind a long transaction for long;
- a held migration lock is reported with its owner and the way to clear it;
- once the schemas belong to the gamedb_owner role (migration 0092), every
  migration runs as that role, so whatever it creates is owned by it too;
  a file whose header says `-- role: login` runs as the login user instead.

`status` and `--dry-run` only read: they never create yoyo's tables.
"""

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import psycopg
from psycopg.conninfo import conninfo_to_dict
from yoyo import get_backend, read_migrations
from yoyo.exceptions import LockTimeout
from yoyo.migrations import MigrationList

from runner import MIGRATIONS_DIR
from runner.db import cannot_connect, connect, describe, translate
from runner.errors import DatabaseError, HistoryError, UsageError

CHECKSUM_TABLE = "_gamedb_migration_checksum"
OWNER_ROLE = "gamedb_owner"
YOYO_TABLES = ("_yoyo_migration", "_yoyo_log", "_yoyo_version", "yoyo_lock", CHECKSUM_TABLE)


@dataclass(frozen=True)
class Settings:
    lock_timeout_ms: int = 5000
    lock_retries: int = 5
    retry_base_seconds: float = 1.0
    wait_for_lock_seconds: int = 60


@dataclass(frozen=True)
class MigrationFile:
    id: str
    path: Path

    @property
    def rollback_path(self) -> Path:
        return self.path.with_name(f"{self.id}.rollback.sql")

    @property
    def checksum(self) -> str:
        # Line endings are normalised so a checkout with CRLF is not "edited".
        text = self.path.read_bytes().replace(b"\r\n", b"\n")
        return hashlib.sha256(text).hexdigest()

    @property
    def accepted_checksums(self) -> set[str]:
        """This file's checksum, and those of the released versions it revises.

        A migration fixed after release names each earlier version in its
        header (`-- revises: <sha256>`); databases that applied one of them are
        not refused. Only for fixes whose result is the same either way.
        """
        return {self.checksum} | set(header_directives(self.path).get("revises", []))


@dataclass
class AppliedMigration:
    id: str
    applied_at: object
    checksum: str | None


def header_directives(path: Path) -> dict[str, list[str]]:
    """The `-- name: value` lines of a file's opening comment, e.g. role: login, revises: <sha256>."""
    directives: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        name, colon, value = line[2:].partition(":")
        if colon and name.strip().isidentifier():
            directives.setdefault(name.strip(), []).append(value.strip())
    return directives


def runs_as_login(path: Path) -> bool:
    """Whether the file's header says `-- role: login`."""
    return "login" in header_directives(path).get("role", [])


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
    checksum_column = "c.sha256" if tables[1] else "null"
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
    for missing in sorted(set(applied) - local_ids):
        problems.append(f"{missing} is applied but its file is missing from the migrations folder")
    if applied:
        latest = max(applied)
        for migration in files:
            if migration.id not in applied and migration.id < latest:
                problems.append(
                    f"{migration.id} is pending but sorts before the applied {latest} "
                    "(renumber it after the latest applied migration)"
                )
    return problems


def lock_holder(conn: psycopg.Connection) -> str | None:
    if conn.execute("select to_regclass('public.yoyo_lock')").fetchone()[0] is None:
        return None
    row = conn.execute("select pid, ctime from public.yoyo_lock").fetchone()
    return f"process {row[0]} since {row[1]:%Y-%m-%d %H:%M:%S} UTC" if row else None


def _yoyo_uri(url: str, settings: Settings, role: str | None = None) -> str:
    """yoyo's URI for `url`, with the lock timeout (and the role, if any) set on every connection."""
    params = conninfo_to_dict(url)
    dbname = params.pop("dbname", "")
    options = params.get("options", "")
    options = f"{options} -c lock_timeout={settings.lock_timeout_ms}"
    if role:
        options += f" -c role={role}"
    params["options"] = options.strip()
    return f"postgresql+psycopg:///{dbname}?{urlencode(params)}"


class Migrator:
    """Applies and rolls back migrations under yoyo's lock."""

    def __init__(self, url: str, settings: Settings, echo, folder: Path = MIGRATIONS_DIR):
        self.url = url
        self.settings = settings
        self.echo = echo
        self.folder = folder
        self.files = local_migrations(folder)

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
        for backend in (self._backend, self._owner_backend):
            if backend is not None:
                backend.connection.close()
        self._backend = self._owner_backend = None

    def _run_locked(self, action):
        backend = self._open_backend()
        try:
            with backend.lock(timeout=self.settings.wait_for_lock_seconds):
                backend.connection.execute(
                    f"create table if not exists public.{CHECKSUM_TABLE} ("
                    " migration_id text primary key, sha256 text not null,"
                    " applied_at timestamptz not null default now())"
                )
                applied = applied_migrations(backend.connection)
                problems = history_problems(self.files, applied)
                if problems:
                    raise HistoryError("refusing to go on: " + "; ".join(problems))
                return action(backend, applied)
        except LockTimeout as exc:
            holder = lock_holder(backend.connection) or "another run"
            raise HistoryError(
                f"the migration lock is held by {holder} (waited "
                f"{self.settings.wait_for_lock_seconds}s). If no migration is running "
                "(a crashed run left it), clear it with `gamedb unlock`"
            ) from exc

    def _with_retries(self, migration_id: str, verb: str, step):
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
                raise DatabaseError(f"{migration_id} failed and was rolled back: {describe(exc)}") from exc

    _owner_backend = None

    def _backend_for(self, backend, path: Path):
        """The backend a migration file runs on: as gamedb_owner once that role owns the schemas.

        yoyo runs each migration on a fresh connection made from the backend's
        URI, so the role is part of that URI (`-c role=gamedb_owner`) rather
        than a SET ROLE on this connection.
        """
        as_owner = not runs_as_login(path) and backend.connection.execute(
            "select coalesce((select nspowner = to_regrole(%s) from pg_namespace where nspname = 'core'), false)",
            [OWNER_ROLE],
        ).fetchone()[0]
        if not as_owner:
            return backend
        if self._owner_backend is None:
            try:
                self._owner_backend = get_backend(_yoyo_uri(self.url, self.settings, role=OWNER_ROLE))
            except psycopg.errors.InsufficientPrivilege as exc:
                raise DatabaseError(
                    f"the schemas belong to {OWNER_ROLE}: run migrations as a member of it "
                    f"(a DBA runs: grant {OWNER_ROLE} to <your login>)"
                ) from exc
            except psycopg.Error as exc:
                raise translate(exc) from exc
        return self._owner_backend

    def _yoyo_list(self, ids: list[str]) -> MigrationList:
        by_id = {m.id: m for m in read_migrations(str(self.folder))}
        return MigrationList([by_id[i] for i in ids])

    def pending(self, applied: dict, up_to: str | None) -> list[MigrationFile]:
        if up_to is not None and up_to not in {f.id for f in self.files}:
            raise UsageError(f"--to {up_to}: no such migration in {self.folder.name}/")
        return [f for f in self.files if f.id not in applied and (up_to is None or f.id <= up_to)]

    def migrate(self, up_to: str | None = None) -> list[str]:
        def apply(backend, applied):
            pending = self.pending(applied, up_to)
            if not pending:
                self.echo("nothing to migrate: the database is up to date")
                return []
            for migration, yoyo_migration in zip(pending, self._yoyo_list([f.id for f in pending])):
                self.echo(f"applying {migration.id} ...")
                started = time.monotonic()
                runner = self._backend_for(backend, migration.path)
                self._with_retries(migration.id, "apply", lambda: runner.apply_one(yoyo_migration))
                backend.connection.execute(
                    f"insert into public.{CHECKSUM_TABLE} (migration_id, sha256) values (%s, %s)"
                    " on conflict (migration_id) do update set sha256 = excluded.sha256, applied_at = now()",
                    [migration.id, migration.checksum],
                )
                self.echo(f"applied  {migration.id}  ({time.monotonic() - started:.2f}s)")
            return [f.id for f in pending]

        return self._run_locked(apply)

    def rollback_targets(self, applied: dict, count: int | None, to: str | None, everything: bool) -> list[str]:
        newest_first = sorted(applied, reverse=True)
        if everything:
            return newest_first
        if to is not None:
            if to not in applied:
                raise UsageError(f"--to {to}: no such applied migration")
            return [m for m in newest_first if m > to]
        return newest_first[: count if count is not None else 1]

    def rollback(self, count: int | None, to: str | None, everything: bool) -> list[str]:
        def revert(backend, applied):
            targets = self.rollback_targets(applied, count, to, everything)
            if not targets:
                self.echo("nothing to roll back")
                return []
            files = {f.id: f for f in self.files}
            for migration_id, yoyo_migration in zip(targets, self._yoyo_list(targets)):
                self.echo(f"rolling back {migration_id} ...")
                started = time.monotonic()
                runner = self._backend_for(backend, files[migration_id].rollback_path)
                self._with_retries(migration_id, "rollback", lambda: runner.rollback_one(yoyo_migration))
                backend.connection.execute(
                    f"delete from public.{CHECKSUM_TABLE} where migration_id = %s", [migration_id]
                )
                self.echo(f"rolled back  {migration_id}  ({time.monotonic() - started:.2f}s)")
            return targets

        return self._run_locked(revert)

    def unlock(self) -> str | None:
        backend = self._open_backend()
        holder = lock_holder(backend.connection)
        backend.break_lock()
        return holder
