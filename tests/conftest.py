"""Test harness: one throwaway PostgreSQL for the whole run.

The server is started by the process pytest was run in (as the `postgres`
user when the suite runs as root, since initdb and postgres refuse root);
pytest-xdist's workers are handed its location and share it. The migrations
are applied once, into a template database built under an advisory lock by
whichever worker needs it first. Tests that commit get a fresh clone of it;
tests on one connection run in a transaction that is rolled back.
"""

import os
import shutil
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from queue import Queue

import psycopg
import pytest
from click.testing import CliRunner
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.types.json import Jsonb
from pytest_postgresql.janitor import DatabaseJanitor

from runner import MIGRATIONS_DIR
from runner.cli import cli
from runner.localpg import PORT, SUPERUSER, LocalServer, throwaway_home
from runner.migrate import Migrator, Settings
from tests.helpers import FIXTURE_MIGRATIONS, add_user, pg_cron_available, scalar

SERVER: LocalServer | None = None
TEMPLATE = "gamedb_template"  # every migration applied; what most tests get clones of
EARLY_BUILD: threading.Thread | None = None


class HandServerToWorkers:
    """Tells each pytest-xdist worker where the server is (registered only when xdist runs workers)."""

    def pytest_configure_node(self, node):
        node.workerinput["gamedb_server_home"] = str(SERVER.home)


def pytest_xdist_auto_num_workers(config):
    """`-n auto`: one worker more than the cores this process may use. Some tests wait (on a lock, a
    child process, a second server starting), and the spare worker runs meanwhile: on 2 cores, 3
    workers left 3-6 s of the machine idle in a run where 2 left 15 s, and finished 2-4% sooner."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()  # macOS: no affinity
    return (usable or 1) + 1


def pytest_configure(config):
    global SERVER, EARLY_BUILD
    if hasattr(config, "workerinput"):
        SERVER = LocalServer(Path(config.workerinput["gamedb_server_home"]))
        return
    home = throwaway_home("gamedb-test-")
    # pg_cron, when installed, is preloaded so that `gamedb cron --install` is tested here;
    # it runs nothing until a test creates the extension in `postgres`.
    cron = {"shared_preload_libraries": "'pg_cron'", "cron.database_name": "'postgres'",
            "cron.host": f"'{home}'"} if pg_cron_available() else {}
    # No autovacuum: its launcher would visit each of the hundreds of short-lived clones, taking CPU
    # from the tests; no test relies on it (the one about it starts a server of its own).
    SERVER = LocalServer(home, settings={**cron, "autovacuum": "off"})
    SERVER.start()
    if getattr(config.option, "numprocesses", None):
        config.pluginmanager.register(HandServerToWorkers())
        # The template is built while the workers start and collect the tests (seconds in which
        # they would otherwise wait for it); they wait on its lock for the rest.
        EARLY_BUILD = threading.Thread(target=build_template)
        EARLY_BUILD.start()


def build_template() -> None:
    with psycopg.connect(SERVER.conninfo("postgres"), autocommit=True) as admin:
        shared_template(admin, TEMPLATE)


def pytest_unconfigure(config):
    if EARLY_BUILD is not None:
        EARLY_BUILD.join()
    if SERVER is not None and not hasattr(config, "workerinput"):  # the process that started it
        SERVER.destroy()


def url_for(dbname: str) -> str:
    return SERVER.url(dbname)


def quiet(_message: str) -> None:
    pass


def migrate_database(dbname: str, up_to: str | None = None) -> None:
    migrator = Migrator(url_for(dbname), Settings(), quiet)
    migrator.migrate(up_to=up_to)
    migrator.close()  # a template must have no open connection to be cloned


def shared_template(admin, name: str, migrate_up_to: str | None = None, start_from: str | None = None) -> str:
    """The template database `name`, migrated up to `migrate_up_to` (every migration when None), built
    once for the whole run: the first worker to ask builds it, from a clone of `start_from` when given,
    while the others wait on an advisory lock. It is built under another name and renamed when complete,
    so a worker that dies part way leaves nothing that looks finished."""
    building = f"{name}_building"
    admin.execute("select pg_advisory_lock(hashtextextended(%s, 0))", [name])
    try:
        if not admin.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(building)))
            janitor = DatabaseJanitor(user=SUPERUSER, host=str(SERVER.socketdir), port=PORT, dbname=building,
                                      template_dbname=start_from, as_template=True)
            janitor.init()
            janitor.load(lambda dbname, **_connection: migrate_database(dbname, up_to=migrate_up_to))
            admin.execute(sql.SQL("alter database {} rename to {}").format(
                sql.Identifier(building), sql.Identifier(name)))
    finally:
        admin.execute("select pg_advisory_unlock(hashtextextended(%s, 0))", [name])
    return name


@pytest.fixture(scope="session")
def server() -> LocalServer:
    """The suite's throwaway server."""
    return SERVER


@pytest.fixture(scope="session")
def admin():
    """One autocommit connection to the maintenance database, for cloning."""
    with psycopg.connect(SERVER.conninfo("postgres"), autocommit=True) as connection:
        yield connection


@pytest.fixture(scope="session")
def template(admin) -> str:
    """The database every migration was applied to, which tests get clones of."""
    return shared_template(admin, TEMPLATE)


def clone_template(admin, template: str) -> str:
    name = f"gamedb_{uuid.uuid4().hex[:12]}"
    # FILE_COPY copies the template's files whole, between two checkpoints that cost little on
    # this throwaway server (fsync off, data in RAM). The default, WAL_LOG, writes every page to
    # the WAL (16 MB a clone): over whole runs it took as much of the server's CPU or up to 15% more.
    admin.execute(sql.SQL("create database {} template {} strategy file_copy").format(
        sql.Identifier(name), sql.Identifier(template)))
    return name


def create_database(admin, name: str) -> None:
    admin.execute(sql.SQL("create database {}").format(sql.Identifier(name)))


def drop_database(admin, name: str) -> None:
    admin.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(name)))


class ClonePool:
    """Clones of the template made ahead, and dropped after use, by one background thread while tests run."""

    def __init__(self, template: str, ahead: int = 2):
        self.template = template
        self.connection = psycopg.connect(SERVER.conninfo("postgres"), autocommit=True)
        self.worker = ThreadPoolExecutor(max_workers=1)
        self.ready: Queue = Queue()
        self.dropped: list = []
        for _ in range(ahead):
            self.ready.put(self.worker.submit(clone_template, self.connection, self.template))

    def take(self) -> str:
        name = self.ready.get().result()
        self.ready.put(self.worker.submit(clone_template, self.connection, self.template))
        return name

    def give_back(self, name: str) -> None:
        """Dropped by the same thread, while the next test runs."""
        self.dropped.append(self.worker.submit(drop_database, self.connection, name))

    def close(self) -> None:
        while not self.ready.empty():
            drop_database(self.connection, self.ready.get().result())
        for drop in self.dropped:
            drop.result()
        self.worker.shutdown()
        self.connection.close()


@pytest.fixture(scope="session")
def clones(template):
    pool = ClonePool(template)
    yield pool
    pool.close()


@pytest.fixture
def db_url(clones):
    """A fresh clone of the migrated template, dropped after the test."""
    name = clones.take()
    yield url_for(name)
    clones.give_back(name)


def template_at(admin, migration_id: str) -> str:
    """A template migrated up to `migration_id`, shared by the whole run like the full one, and built
    from the nearest template before it that is already there."""
    number = migration_id.split("_")[0]
    built = [row[0] for row in admin.execute(
        "select datname from pg_database where datname ~ '^gamedb_at_[0-9]+$' and datname < %s order by 1",
        [f"gamedb_at_{number}"])]
    return shared_template(admin, f"gamedb_at_{number}", migrate_up_to=migration_id,
                           start_from=built[-1] if built else None)


@pytest.fixture
def migrated_to(admin):
    """migrated_to(migration_id): the URL of a new database migrated up to that migration, dropped after the test."""
    made = []

    def clone(migration_id: str) -> str:
        made.append(clone_template(admin, template_at(admin, migration_id)))
        return url_for(made[-1])

    yield clone
    for name in made:
        drop_database(admin, name)


@pytest.fixture(scope="session")
def shared_db_url(admin, template):
    """One migrated database shared by tests that never commit."""
    name = clone_template(admin, template)
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
    create_database(admin, name)
    yield url_for(name)
    drop_database(admin, name)


@pytest.fixture
def gamedb(db_url):
    """Run the CLI against the test database: gamedb("query", "run", ...)."""

    def run(*args, database=None):
        # No inherited $COLUMNS (pytest-xdist's workers have one): tables print whole unless a test asks.
        return CliRunner(env={"COLUMNS": None}).invoke(cli, ["--database", database or db_url, *args])

    return run


@pytest.fixture
def db(db_url):
    """An autocommit connection to the cloned database the CLI also sees."""
    with psycopg.connect(db_url, autocommit=True) as connection:
        yield connection


@pytest.fixture
def login_as(admin, db_url):
    """Connections as a fresh login user that is only granted a gamedb role, as production logins are."""
    logins = []

    def connect(role, url=None):
        """A login of `role` on the test's clone, or on the database at `url`."""
        login = f"test_login_{uuid.uuid4().hex[:8]}"
        admin.execute(sql.SQL("create role {} login in role {}").format(sql.Identifier(login), sql.Identifier(role)))
        logins.append(login)
        params = conninfo_to_dict(url or db_url)
        params["user"] = login
        return psycopg.connect(make_conninfo(**params), autocommit=True)

    yield connect
    for login in logins:
        admin.execute(sql.SQL("drop role {}").format(sql.Identifier(login)))


EXPORTED_SAMPLE = (
    "with sample as (insert into chat.training_samples (user_id, text, intent, review_status, approved, approved_at,"
    " conversation_log_id) values (%s, %s, 'intent', 'approved', true, now(), %s) returning id),"
    " batch as (insert into chat.training_batches as b (id, sample_count) values ('batch-1', 1)"
    " on conflict (id) do update set sample_count = b.sample_count + 1 returning id)"
    " insert into chat.training_batch_samples (sample_id, batch_id) select sample.id, batch.id from sample, batch")


@pytest.fixture
def person(db):
    """A parent-and-child account with data in every module."""
    user = add_user(db, 1101)
    db.execute("update core.users set email = 'nisha@example.com', first_name = 'Nisha', last_name = 'V',"
               " parent_name = 'Ravi', interests = '[\"music\"]' where id = %s", [user])
    phone = scalar(db, "select phone from core.users where id = %s", [user])
    quest = scalar(db, "insert into quest.quests (quest_id, user_id, title, graph_structure, age_range)"
                   " values ('q-f', %s, 'Kite', %s, '7-9') returning id",
                   [user, Jsonb({"nodes": [{"id": "a"}], "edges": []})])
    db.execute("insert into quest.child_privacy_settings (user_id, child_display_name, progress_sync_consent)"
               " values (%s, 'Mini', true)", [user])
    db.execute("insert into quest.quest_progress (user_id, quest_id, current_step, session_count)"
               " values (%s, %s, 2, 1)", [user, quest])
    db.execute("insert into quest.quest_ratings (user_id, quest_id, rating, review_text) values (%s, %s, 4, 'great')",
               [user, quest])
    db.execute("insert into chat.conversation_memory (user_id, role, content) values (%s, 'user', 'I live at ...')",
               [user])
    db.execute("insert into chat.conversation_logs (user_id, session_id, phone_number, user_message, bot_response)"
               " values (%s, 's1', %s, 'call me', 'ok'), (null, 's2', %s, 'it is me again', 'hi')",
               [user, phone, phone])
    db.execute("insert into chat.training_samples (user_id, session_id, text, intent) values (%s, 's1', 'call me',"
               " 'contact')", [user])
    db.execute(EXPORTED_SAMPLE, [user, "book a table", None])
    db.execute("insert into core.accounts (user_id, provider, provider_account_id, access_token)"
               " values (%s, 'google', 'g-1', 'secret')", [user])
    db.execute("insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason)"
               " values (%s, 'ANSWER_ACCEPTED', 40, 40, 'answer')", [user])
    db.execute("insert into core.verification_tokens (identifier, token, expires_at)"
               " values ('nisha@example.com', 't-1', now() + interval '1 day')")
    db.execute("insert into chat.flow_runs (flow_id, session_id, phone_number, context)"
               " values ('help_v1', 's1', %s, '{\"name\": \"Nisha\"}')", [phone])
    db.execute("insert into quest.quest_builder_sessions (user_id, conversation_history, quest_context)"
               " values (%s, '[{\"role\": \"user\", \"content\": \"Mini is scared of dogs\"}]',"
               " '{\"child\": \"Mini\"}')", [user])
    doubt = scalar(db, "insert into community.doubts (author_id, title, body) values (%s, 'Why?', 'I wonder')"
                   " returning id", [user])
    db.execute("insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'Because')", [doubt, user])
    db.execute("insert into trust.content_embeddings (content_type, content_id, user_id, embedding, text)"
               " values ('doubt', %s, %s, array_fill(0.5::real, array[384]), 'I wonder')", [doubt, user])
    db.execute("insert into trust.fact_check_logs (user_id, generated_text, context_used, claims_checked,"
               " entailment_count, contradiction_count, neutral_count, overall_confidence, safe_to_display, checks)"
               " values (%s, 'Nisha, you said', 'her question', 1, 1, 0, 0, 0.9, true, '[]')", [user])
    db.execute("insert into learn.ai_analyses (user_id, analysis_type, result) values (%s, 'learning', %s)",
               [user, Jsonb({"summary": "Nisha learns fast", "recommendations": []})])
    db.execute("insert into core.event_logs (event_type, user_id, metadata) values ('signup', %s, %s)",
               [user, Jsonb({"phone": phone})])
    db.execute("insert into learn.behavior_logs (user_id, action, metadata) values (%s, 'open', %s)",
               [user, Jsonb({"typed": "my name is Nisha"})])
    course = scalar(db, "insert into learn.courses (slug, title) values ('kites', 'Kites') returning id")
    lesson = scalar(db, "insert into learn.lessons (course_id, position, title) values (%s, 1, 'One') returning id",
                    [course])
    enrollment = scalar(db, "insert into learn.enrollments (user_id, course_id) values (%s, %s) returning id",
                        [user, course])
    db.execute("insert into learn.lesson_progress (enrollment_id, course_id, lesson_id, progress_percent, completed_at)"
               " values (%s, %s, %s, 100, now())", [enrollment, course, lesson])
    db.execute("insert into learn.certificates (enrollment_id) values (%s)", [enrollment])
    db.execute("update learn.enrollments set status = 'completed', completed_at = now() where id = %s", [enrollment])
    return {"user": user, "quest": quest, "phone": phone}


@pytest.fixture
def app(login_as):
    """A connection as a login user granted only gamedb_app, as the application connects."""
    with login_as("gamedb_app") as connection:
        yield connection


@pytest.fixture
def migrations_copy(tmp_path):
    """A copy of migrations/ a test may edit."""
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder)
    return folder


@pytest.fixture
def fixtures_copy(tmp_path):
    """A copy of the fixture migrations (tests/fixtures/migrations/) a test may edit."""
    folder = tmp_path / "fixture_migrations"
    shutil.copytree(FIXTURE_MIGRATIONS, folder)
    return folder


@pytest.fixture
def course(conn):
    """A user, a course of two lessons with a quiz (pass at 70), and an enrolment."""
    user = add_user(conn, 301, language="vi")
    course_id = scalar(conn, "insert into learn.courses (slug, title, passing_score) values ('sql-101', 'SQL 101', 70)"
                       " returning id")
    lessons = [scalar(conn, "insert into learn.lessons (course_id, position, title) values (%s, %s, %s) returning id",
                      [course_id, n, f"Lesson {n}"]) for n in (1, 2)]
    enrollment = scalar(conn, "insert into learn.enrollments (user_id, course_id) values (%s, %s) returning id",
                        [user, course_id])
    return {"user": user, "course": course_id, "lessons": lessons, "enrollment": enrollment}
