"""`gamedb verify`: after a deploy, prove the live database is what the migrations build.

As Sqitch's verify and Flyway's validate: every finding is drift a DBA must
look at. Checked: the migration history (edited or missing files, including
rollback files; pending migrations), constraints left NOT VALID, indexes
left INVALID by an interrupted concurrent build, and, once nothing is
pending, the schema against `sql/schema.sql` (pg_dump's text without owners,
privileges and version lines, so only real differences remain). What a DBA
added with a file of `sql/optional/` (pgvector's index) is a choice made per
server, not drift: it is left out of the comparison.
"""

import difflib
import re

import psycopg

from runner import OPTIONAL_DIR
from runner.migrate import Migrator, Settings, applied_migrations
from runner.schema import SCHEMA_SQL, dump_schema, pg_dump_major

# Schemas that are PostgreSQL's own or the migration tool's.
SYSTEM_SCHEMAS = "('pg_catalog', 'information_schema', 'pg_toast', 'public')"


def findings(conn: psycopg.Connection, url: str, say) -> list[tuple[str, str]]:
    """(kind, what) for every difference between the database and the migrations."""
    plan = Migrator(url, Settings(), say).plan(applied_migrations(conn))
    found = [("history", problem) for problem in plan.problems]
    pending = [f.id for f in plan.steps]
    found += [("pending", f"{migration_id} is not applied") for migration_id in pending]
    found += [("not valid", f"constraint {name} on {table} was never validated") for table, name in conn.execute(
        "select c.conrelid::regclass::text, c.conname from pg_constraint as c"
        " join pg_namespace as n on n.oid = c.connamespace"
        f" where not c.convalidated and n.nspname not in {SYSTEM_SCHEMAS} order by 1, 2").fetchall()]
    found += [("invalid index", f"{index} is INVALID (an interrupted concurrent build): run migrate again")
              for (index,) in conn.execute(
                  "select i.indexrelid::regclass::text from pg_index as i where not i.indisvalid order by 1"
              ).fetchall()]
    if pending:
        return found
    server_major = conn.info.server_version // 10000
    if pg_dump_major() != server_major:
        say(f"verify: schema not compared: pg_dump {pg_dump_major()} cannot dump a PostgreSQL {server_major} "
            "database the way sql/schema.sql was made")
        return found
    expected = SCHEMA_SQL.read_text(encoding="utf-8").splitlines()
    actual = without_optional_objects(dump_schema(url)).splitlines()
    changed = [line for line in difflib.unified_diff(expected, actual, "sql/schema.sql", "database", n=0, lineterm="")
               if line[:1] in "+-" and not line.startswith(("+++", "---")) and line.strip("+- ")]
    found += [("schema", ("missing: " if line[0] == "-" else "extra: ") + line[1:].strip()) for line in changed]
    return found


def optional_object_names() -> set[str]:
    """The extensions and indexes the files of sql/optional/ create."""
    pattern = re.compile(r"^create (?:extension|index concurrently) if not exists (\w+)", re.MULTILINE)
    return {name for path in OPTIONAL_DIR.glob("*.sql") for name in pattern.findall(path.read_text(encoding="utf-8"))}


def without_optional_objects(dump: str) -> str:
    """pg_dump's text without the entries (object and comment) of what sql/optional/ created."""
    names = optional_object_names()
    entries = re.split(r"(?m)^(?=--\n-- Name: )", dump)
    return "".join(entry for entry in entries
                   if (found := re.match(r"--\n-- Name: (?:EXTENSION |INDEX )?(\w+);", entry)) is None
                   or found.group(1) not in names)
