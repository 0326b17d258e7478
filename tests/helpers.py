"""Small helpers shared by the tests."""

import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest


def scalar(conn, query, params=None):
    return conn.execute(query, params).fetchone()[0]


def snapshot(conn) -> dict:
    """Every row version of every table, by where it lies and the transaction that wrote it: equal
    snapshots mean no row was inserted, updated or deleted (not even to the values it had). Read
    from the system columns, so no row is turned into text: hashing the rows' text took 22 ms for
    the LSH hyperplanes alone, each time. The queries are sent together (a pipeline) and prepared:
    a test takes snapshots on one connection before and after, and each after the first then costs
    5 ms rather than 20 (84 tables)."""
    from runner.schema import module_tables

    tables = module_tables(conn)
    with conn.pipeline():
        cursors = [conn.execute(f"select count(*), md5(coalesce(string_agg(concat_ws(' ', tableoid, ctid, xmin), ','"
                                f" order by tableoid, ctid), '')) from {name}", prepare=True) for name in tables]
    return {name: cursor.fetchone() for name, cursor in zip(tables, cursors)}


def add_user(conn, php_user_id: int, language: str = "en") -> int:
    return scalar(
        conn,
        "insert into core.users (php_user_id, phone, preferred_language) values (%s, %s, %s) returning id",
        [php_user_id, f"+91{php_user_id:010d}", language],
    )


def add_course(conn, slug: str, passing_score=None) -> tuple[int, int]:
    """A course of one lesson; returns the course's id and the lesson's."""
    course = scalar(conn, "insert into learn.courses (slug, title, passing_score) values (%s, %s, %s) returning id",
                    [slug, slug.title(), passing_score])
    return course, scalar(conn, "insert into learn.lessons (course_id, position, title) values (%s, 1, 'Lesson 1')"
                                " returning id", [course])


def add_enrolment(conn, user: int, course: int) -> int:
    return scalar(conn, "insert into learn.enrollments (user_id, course_id) values (%s, %s) returning id",
                  [user, course])


def add_psychologist(conn, php_user_id: int) -> int:
    """A user registered as a verified psychologist (only they may review quests)."""
    user = add_user(conn, php_user_id)
    conn.execute("insert into quest.psychologists (user_id, licence_number, verified_by) values (%s, %s, 'tests')",
                 [user, f"LIC-{php_user_id}"])
    return user


def ledger_award(conn, user: int, xp: int, reason="answer accepted", corrects=None, when="now()") -> tuple:
    """An XP ledger row written directly, as the application may (the award_xp query goes through
    the same triggers); final_xp = base_xp; returns (id, final_xp, cap_trimmed)."""
    return conn.execute(
        "insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, corrects_id, created_at)"
        f" values (%s, 'ANSWER_ACCEPTED', %s, %s, %s, %s, {when}) returning id, final_xp, cap_trimmed",
        [user, xp, xp, reason, corrects]).fetchone()


def question_id(conn, question_text: str) -> int:
    return scalar(conn, "select id from play.game_questions where question_text = %s", [question_text])


# Every user object as PostgreSQL itself prints it (pg_get_*def): schemas,
# relations (with their owner, storage options, partition key and bound,
# parents, sequence parameters), columns in order, types, constraints (and
# whether validated), indexes, triggers, policies, functions and procedures,
# views, default privileges, comments and privileges (an ACL that only
# restates the owner's defaults counts as none, as in pg_dump; its entries are
# compared as a set, whatever order GRANT and REVOKE left them in). It is what
# pg_dump prints, read in one query on an open connection, so the migration
# tests can compare the schema after every single step quickly.
SCHEMA_FINGERPRINT = r"""
with schemas as (
    select oid, nspname, nspowner, nspacl from pg_namespace
    where nspname not like 'pg\_%' and nspname <> 'information_schema'
),
relations as (
    select c.* from pg_class as c join schemas as s on s.oid = c.relnamespace
    where c.relkind in ('r', 'v', 'm', 'S', 'p', 'f')
        and not (s.nspname = 'public' and (c.relname like '%yoyo%' or c.relname like '\_gamedb%'))
),
acl_lists as (
    -- Each ACL as its entries in order (GRANT and REVOKE can leave the same ACL in another order),
    -- none where it only restates the owner's defaults, as pg_dump prints it.
    select o.classid, o.objoid, nullif(
        (select string_agg(x::text, ',' order by x::text) from unnest(o.acl) as x),
        (select string_agg(x::text, ',' order by x::text) from unnest(acldefault(o.kind, o.owner)) as x)
    ) as acl
    from (
        select 'pg_namespace'::regclass as classid, oid as objoid, nspacl as acl, 'n'::"char" as kind, nspowner as owner
        from schemas
        union all
        select 'pg_class'::regclass, oid, relacl, (case relkind when 'S' then 's' else 'r' end)::"char", relowner
        from relations
        union all
        select 'pg_type'::regclass, t.oid, t.typacl, 'T', t.typowner
        from pg_type as t join schemas as s on s.oid = t.typnamespace
        union all
        select 'pg_proc'::regclass, p.oid, p.proacl, 'f', p.proowner
        from pg_proc as p join schemas as s on s.oid = p.pronamespace
    ) as o
    where o.acl is not null
)
-- Comments joined from pg_description: obj_description() and col_description() run a query per call.
select 'schema ' || nspname || ' owner ' || nspowner::regrole || ' ' || coalesce(d.description, '')
    || ' ' || coalesce(l.acl, '')
from schemas as s
left join pg_description as d on d.objoid = s.oid and d.classoid = 'pg_namespace'::regclass and d.objsubid = 0
left join acl_lists as l on l.classid = 'pg_namespace'::regclass and l.objoid = s.oid
union all
select 'relation ' || r.oid::regclass || ' ' || relkind::text || ' owner ' || relowner::regrole
    || ' ' || relpersistence::text || relreplident::text || ' rls=' || relrowsecurity || relforcerowsecurity
    || ' ' || coalesce(reloptions::text, '') || ' ' || coalesce(d.description, '') || ' ' || coalesce(l.acl, '')
    || case when relkind in ('v', 'm') then ' ' || pg_get_viewdef(r.oid) else '' end
    || case when relkind = 'p' then ' partition by ' || pg_get_partkeydef(r.oid) else '' end
    || case when relispartition then ' ' || pg_get_expr(relpartbound, r.oid) else '' end
    || coalesce(' inherits ' || i.parents, '')
    || coalesce(format(' %s start %s by %s from %s to %s cache %s cycle %s',
        q.seqtypid::regtype, q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache, q.seqcycle), '')
    || coalesce((  -- a sequence's OWNED BY (serial, identity)
        select ' owned by ' || k.refobjid::regclass || ' ' || k.refobjsubid || ' ' || k.deptype::text
        from pg_depend as k
        where r.relkind = 'S' and k.classid = 'pg_class'::regclass and k.objid = r.oid
            and k.refclassid = 'pg_class'::regclass and k.deptype in ('a', 'i')
    ), '')
from relations as r
left join pg_description as d on d.objoid = r.oid and d.classoid = 'pg_class'::regclass and d.objsubid = 0
left join acl_lists as l on l.classid = 'pg_class'::regclass and l.objoid = r.oid
left join (
    select inhrelid, string_agg(inhparent::regclass::text, ', ' order by inhseqno) as parents
    from pg_inherits group by inhrelid
) as i on i.inhrelid = r.oid
left join pg_sequence as q on q.seqrelid = r.oid
union all
select 'column ' || a.attrelid::regclass || ' '
    || row_number() over (partition by a.attrelid order by a.attnum) || ' ' || a.attname || ' '
    || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull || ' ' || a.attidentity::text || a.attgenerated::text
    || ' ' || case when a.attcollation in (0, 100) then '' else a.attcollation::regcollation::text end  -- 100: default
    || ' ' || a.attstorage::text || a.attcompression::text
    || ' ' || coalesce(a.attstattarget::text, '')
    -- Options a user set; not the pg_attver= stamp newer 15.x minors add to every new column.
    || ' ' || coalesce((select array_agg(o order by o) from unnest(a.attoptions) as o
        where o not like 'pg\_attver=%')::text, '')
    || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' ' || coalesce(k.description, '')
    || ' ' || coalesce(nullif(a.attacl, '{}')::text, '')
from pg_attribute as a
join relations as r on r.oid = a.attrelid
left join pg_attrdef as d on d.adrelid = a.attrelid and d.adnum = a.attnum
left join pg_description as k on k.objoid = a.attrelid and k.classoid = 'pg_class'::regclass and k.objsubid = a.attnum
where a.attnum > 0 and not a.attisdropped
union all
-- Types made by CREATE TYPE and CREATE DOMAIN: not a table's row type, not an array type.
select 'type ' || t.oid::regtype || ' ' || t.typtype::text || ' owner ' || t.typowner::regrole
    || ' ' || coalesce(d.description, '') || ' ' || coalesce(l.acl, '')
    || ' ' || coalesce(case t.typtype
        when 'e' then (select string_agg(enumlabel, ', ' order by enumsortorder) from pg_enum where enumtypid = t.oid)
        when 'c' then (
            select string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' order by a.attnum)
            from pg_attribute as a where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped)
        when 'd' then format_type(t.typbasetype, t.typtypmod) || ' ' || t.typnotnull
            || ' ' || coalesce(t.typdefault, '')
            || ' ' || coalesce((select string_agg(pg_get_constraintdef(c.oid), ' ' order by c.conname)
                from pg_constraint as c where c.contypid = t.oid), '')
        when 'r' then (select format_type(rngsubtype, null) from pg_range where rngtypid = t.oid)
    end, '')
from pg_type as t
join schemas as s on s.oid = t.typnamespace
left join pg_class as c on c.oid = t.typrelid
left join pg_description as d on d.objoid = t.oid and d.classoid = 'pg_type'::regclass and d.objsubid = 0
left join acl_lists as l on l.classid = 'pg_type'::regclass and l.objoid = t.oid
where t.typtype in ('c', 'd', 'e', 'r') and (c.relkind is null or c.relkind = 'c')
union all
select 'constraint ' || c.conrelid::regclass || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
    || ' validated=' || c.convalidated || ' ' || coalesce(d.description, '')
from pg_constraint as c join relations as r on r.oid = c.conrelid
left join pg_description as d on d.objoid = c.oid and d.classoid = 'pg_constraint'::regclass and d.objsubid = 0
union all
select 'index ' || pg_get_indexdef(i.indexrelid) || ' valid=' || i.indisvalid
    || ' ' || coalesce(d.description, '')
from pg_index as i join relations as r on r.oid = i.indrelid
left join pg_description as d on d.objoid = i.indexrelid and d.classoid = 'pg_class'::regclass and d.objsubid = 0
union all
select 'trigger ' || pg_get_triggerdef(t.oid) || ' ' || t.tgenabled::text
from pg_trigger as t join relations as r on r.oid = t.tgrelid
where not t.tgisinternal
union all
select 'policy ' || p.polrelid::regclass || ' ' || p.polname || ' ' || p.polcmd::text || ' ' || p.polpermissive
    || ' ' || p.polroles::regrole[]::text || ' ' || coalesce(pg_get_expr(p.polqual, p.polrelid), '')
    || ' ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
from pg_policy as p join relations as r on r.oid = p.polrelid
union all
select 'routine ' || pg_get_functiondef(p.oid) || ' owner ' || p.proowner::regrole || ' ' || coalesce(d.description, '')
    || ' ' || coalesce(l.acl, '')
from pg_proc as p join schemas as s on s.oid = p.pronamespace
left join pg_description as d on d.objoid = p.oid and d.classoid = 'pg_proc'::regclass and d.objsubid = 0
left join acl_lists as l on l.classid = 'pg_proc'::regclass and l.objoid = p.oid
where p.prokind in ('f', 'p')
union all
select 'default privileges of ' || defaclrole::regrole
    || ' in ' || coalesce(nullif(defaclnamespace, 0)::regnamespace::text, '')
    || ' on ' || defaclobjtype::text || ' ' || defaclacl::text
from pg_default_acl
order by 1
"""


def schema_fingerprint(conn) -> list[str]:
    return [row[0] for row in conn.execute(SCHEMA_FINGERPRINT).fetchall()]


def column_names(conn, table: str) -> list[str]:
    """The live columns of `table`, in order."""
    return [row[0] for row in conn.execute(
        "select attname from pg_attribute where attrelid = %s::regclass and attnum > 0 and not attisdropped"
        " order by attnum", [table]).fetchall()]


def assert_index(conn, name: str, ends_with: str) -> str:
    """The index exists and its definition ends as the seed says; returns the definition."""
    definition = scalar(conn, "select indexdef from pg_indexes where indexname = %s", [name])
    assert definition and definition.endswith(ends_with), f"{name}: {definition}"
    return definition


def refused(conn, statement, params=None, match=None):
    """Run `statement`, expect the database to refuse it, and the data to stay the same."""
    before = snapshot(conn)
    with pytest.raises(psycopg.Error, match=match), conn.transaction():
        conn.execute(statement, params)
    assert snapshot(conn) == before


def attack(role_conn, db, statement, params=None, match="permission denied"):
    """`statement` on another connection (a role's) must fail, and every table must hold what it held."""
    attack_each(role_conn, db, [statement], params, match)


def attack_each(role_conn, db, statements, params=None, match="permission denied"):
    """Each of `statements` on the role's connection must fail; then every table must hold what it
    held before the first. (A change left by one of them would still be there: the rest fail too.)"""
    before = snapshot(db)
    for statement in statements:
        with pytest.raises(psycopg.Error, match=match):
            role_conn.execute(statement, params)
            pytest.fail(f"not refused: {statement}")
    assert snapshot(db) == before


def rows(result):
    """The JSON lines a successful CLI run printed."""
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def run(gamedb, name, *params, fmt="jsonl", role=None, database=None):
    """`gamedb query run NAME -p ... --format FMT [--role ROLE]` through the `gamedb` fixture (on `database`, when
    given, instead of the test's clone)."""
    args = ["query", "run", name, "--format", fmt] + (["--role", role] if role else [])
    for param in params:
        args += ["-p", param]
    return gamedb(*args, database=database)


def run_at_once(db_url, *commands):
    """Start each command as its own gamedb process at the same time; wait for all."""
    processes = [
        subprocess.Popen([GAMEDB, "--database", db_url, *command], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for command in commands
    ]
    finished = [(p, *p.communicate(timeout=120)) for p in processes]
    return [(p.returncode, out, err) for p, out, err in finished]


def broken_invariants(gamedb) -> set[str]:
    """The invariants `gamedb check` finds broken (read from its JSON output); exit 1 iff any."""
    result = gamedb("check", "--format", "json")
    names = {r["invariant"] for r in json.loads(result.stdout) if not r["holds"]}
    assert result.exit_code == (1 if names else 0), result.output
    return names


GAMEDB = str(Path(sys.executable).parent / "gamedb")


def gamedb_process(db_url, *args, env=None, folder: Path | None = None):
    """gamedb as cron and pipelines run it: its own process, no terminal, streams apart; on the migrations
    in `folder` when given, instead of migrations/."""
    inherited = {k: v for k, v in os.environ.items() if k != "COLUMNS"}  # tables print whole unless asked
    command = gamedb_command(folder) if folder else [GAMEDB]
    return subprocess.run([*command, "--database", db_url, *args], capture_output=True, text=True,
                          env={**inherited, **(env or {})}, timeout=300)


# Small migrations of a toy module that exercise the runner: a column added under lock, concurrent
# index builds outside a transaction, a seed committed in batches, an expand and a post-deploy contract.
FIXTURE_MIGRATIONS = Path(__file__).parent / "fixtures" / "migrations"

# gamedb's own command line on the migrations of another folder. Every migration command's folder
# defaults to runner.MIGRATIONS_DIR, read when runner.migrate is first imported: it is set before that.
ON_FOLDER = ("import pathlib, sys, runner; runner.MIGRATIONS_DIR = pathlib.Path(sys.argv.pop(1));"
             " from runner.cli import main; sys.exit(main())")


def gamedb_command(folder: Path) -> list[str]:
    """The command that runs gamedb, as GAMEDB does, on the migrations in `folder` instead of migrations/."""
    return [sys.executable, "-c", ON_FOLDER, str(folder)]


def gamedb_on(folder: Path, db_url, *args):
    """gamedb_process, on the migrations in `folder`."""
    return gamedb_process(db_url, *args, folder=folder)


def migrate_fixtures(db_url, up_to: str | None = None) -> str:
    """Apply the fixture migrations to the database at `db_url`, up to `up_to` (all when None); return the URL."""
    from runner.migrate import Migrator, Settings

    with Migrator(db_url, Settings(), lambda _message: None, folder=FIXTURE_MIGRATIONS) as migrator:
        migrator.migrate(up_to=up_to)
    return db_url


def migration_that(pattern: str, folder: Path | None = None):
    """The first migration whose SQL matches `pattern` (a regex).

    Tests name a step by what it does (`create or replace procedure reward.backfill_xp_ledger`),
    not by its number, so renumbering or squashing the history breaks none of them.
    """
    from runner.migrate import local_migrations

    for migration in local_migrations(folder) if folder else local_migrations():
        if re.search(pattern, migration.path.read_text(encoding="utf-8"), re.IGNORECASE | re.MULTILINE):
            return migration
    raise AssertionError(f"no migration matches {pattern!r}")


def migration_before(migration) -> str:
    """The id of the migration just before `migration`."""
    from runner.migrate import local_migrations

    ids = [m.id for m in local_migrations(migration.path.parent)]
    return ids[ids.index(migration.id) - 1]


def plan_at_scale(conn, name: str, given: dict | None = None) -> str:
    """EXPLAIN of a named query with `given` parameters, with sequential scans discouraged: the test
    tables are tiny, so this asks what the planner would do at scale. Nothing is left behind."""
    from runner.queries import find_query

    query = find_query(name)
    text, bound = query.render(query.values(given or {}))
    with conn.transaction(force_rollback=True):
        conn.execute("set local enable_seqscan = off")
        return "\n".join(r[0] for r in conn.execute("explain " + text, bound).fetchall())


def two_hours_pass(db):
    """Move every event two hours back: what the earlier runs took in falls behind their watermark's
    overlap (incremental_overlap_minutes, 60), as it would two hours later."""
    db.execute("update core.event_logs set emitted_at = emitted_at - interval '2 hours',"
               " processed_at = processed_at - interval '2 hours'")
    for table, column in (("trust.abuse_flags", "reviewed_at"), ("trust.fact_check_logs", "created_at"),
                          ("learn.mastery_records", "updated_at")):
        db.execute(f"update {table} set {column} = {column} - interval '2 hours'")


def answers_by(db, author, count):
    doubt = scalar(db, "insert into community.doubts (author_id, title, body) values (%s, 'q', 'b') returning id",
                   [author])
    return [scalar(db, "insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a') returning id",
                   [doubt, author]) for _ in range(count)]


def insert(conn, table, **values):
    """Insert one row in its own savepoint; JSON documents are passed as Jsonb(...)."""
    columns = ", ".join(values)
    placeholders = ", ".join(["%s"] * len(values))
    with conn.transaction():
        conn.execute(f"insert into {table} ({columns}) values ({placeholders})", list(values.values()))


GOOD_I18N = {"en": "Read 5 books", "vi": "Đọc 5 cuốn sách"}


def app_run(gamedb, name, *params, database=None):
    return run(gamedb, name, *params, role="gamedb_app", database=database)


NEAR_DUPLICATE_PAIRS = """
    select b.id, a.id from trust.content_embeddings as b
    join trust.content_embeddings as a on (a.created_at, a.id) < (b.created_at, b.id)
    where trust.cosine_similarity(a.embedding, b.embedding) >= %s order by 1, 2"""


def embeddings_with_copies(conn, seed=7, items=100, copies=20):
    """Random directions (as unrelated texts), then noisy copies of some of them written later;
    the copies' noise grows, so their similarity to the original runs from about 0.999 down to 0.7."""
    rng = random.Random(seed)
    user = add_user(conn, 970)
    insert = ("insert into trust.content_embeddings (content_type, content_id, user_id, embedding, text, created_at)"
              " values ('answer', %s, %s, %s::real[], 'text', now() - %s * interval '1 minute')")
    originals = [[rng.gauss(0, 1) for _ in range(384)] for _ in range(items)]
    for n, vector_ in enumerate(originals):
        conn.execute(insert, [n, user, vector_, 10_000 - n])
    for n in range(copies):
        noise = 0.05 + 0.9 * n / copies
        copy = [x + rng.gauss(0, noise) for x in originals[rng.randrange(items)]]
        conn.execute(insert, [items + n, user, copy, copies - n])


def nested_plans(conn, statement) -> list[str]:
    """The plans of every statement run by `statement`, the functions' own included (auto_explain)."""
    plans = []
    conn.add_notice_handler(lambda notice: plans.append(notice.message_primary))
    conn.execute("load 'auto_explain'")
    for setting in ("auto_explain.log_min_duration = 0", "auto_explain.log_nested_statements = on",
                    "auto_explain.log_level = notice"):
        conn.execute(f"set local {setting}")
    conn.execute(statement)
    return plans


def pg_cron_available() -> bool:
    """pg_cron is installed for the PostgreSQL the suite runs (Debian: postgresql-15-cron)."""
    from runner.localpg import find_bindir

    pg_config = find_bindir() / "pg_config"
    if not pg_config.exists():
        return False
    libdir = subprocess.run([pg_config, "--pkglibdir"], capture_output=True, text=True).stdout.strip()
    return (Path(libdir) / "pg_cron.so").exists()


def wait_for(conn, query: str, seconds: float = 30, process=None, params=None):
    """The first row `query` returns, polled until it returns one (while `process`, if given, runs)."""
    deadline = time.monotonic() + seconds
    while (row := conn.execute(query, params).fetchone()) is None:
        assert process is None or process.poll() is None, f"the run ended first: {process.stderr.read()}"
        assert time.monotonic() < deadline, f"timed out waiting for: {query}"
        time.sleep(0.02)
    return row
