"""The two schema documents DBAs read, rebuilt by `make schema` (`python -m runner.schema`).

- `sql/schema.sql`, diffed in review: pg_dump's schema-only output, without
  the bookkeeping tables of the migration tool, without the partitions of
  partitioned tables (they follow the calendar) and without the lines that
  change from run to run, so two databases with the same schema give the
  same text;
- `docs/schema.md`, read on GitHub or GitLab: per module a Mermaid ER
  diagram and per table its purpose, columns, keys, indexes, triggers and
  who may write it.
"""

import re
import subprocess

import psycopg

from runner import PROJECT_ROOT
from runner.errors import DatabaseError
from runner.localpg import find_bindir
from runner.migrate import OWNER_ROLE, YOYO_TABLES

SCHEMA_SQL = PROJECT_ROOT / "sql" / "schema.sql"
SCHEMA_DOC = PROJECT_ROOT / "docs" / "schema.md"

VOLATILE_LINES = re.compile(r"^(-- Dumped (from|by) .*|\\(un)?restrict .*)$")


def dump_schema(url: str) -> str:
    command = [str(find_bindir() / "pg_dump"), "--schema-only", "--no-owner", "--no-privileges", "--dbname", url]
    for table in YOYO_TABLES:
        command += ["--exclude-table", f"public.{table}"]
    # Partitions come and go with the calendar (maintain_partitions): the partitioned table is the schema.
    with psycopg.connect(url) as conn:
        partitions = conn.execute("select oid::regclass::text from pg_class where relispartition and relkind = 'r'")
        for (partition,) in partitions:
            command += ["--exclude-table", partition]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise DatabaseError(f"pg_dump failed: {result.stderr.strip()}")
    lines = [line for line in result.stdout.splitlines() if not VOLATILE_LINES.match(line)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def pg_dump_major() -> int:
    """The major version of the pg_dump gamedb uses."""
    out = subprocess.run([str(find_bindir() / "pg_dump"), "--version"], capture_output=True, text=True).stdout
    return int(re.search(r"\(PostgreSQL\)\s+(\d+)", out).group(1))


def module_schemas(conn: psycopg.Connection) -> list[str]:
    """gamedb's modules: the schemas the owner role owns (the first migration, 0001_core_roles_and_schemas,
    creates them owned by it).

    The database is the one registry of modules; code and tests read it here.
    """
    return [row[0] for row in conn.execute(
        "select nspname from pg_namespace where nspowner = %s::regrole order by 1", [OWNER_ROLE])]


def module_tables(conn: psycopg.Connection) -> list[str]:
    """Every table of the modules, a partitioned table once (its partitions are its rows, not tables)."""
    return [row[0] for row in conn.execute(
        "select c.oid::regclass::text from pg_class as c where c.relnamespace::regnamespace::text = any(%s)"
        " and c.relkind in ('r', 'p') and not c.relispartition order by 1", [module_schemas(conn)])]


# --- docs/schema.md ----------------------------------------------------------------------------

RELATIONS = """
select c.oid, n.nspname, c.relname, c.relkind::text, coalesce(obj_description(c.oid, 'pg_class'), '')
from pg_class as c inner join pg_namespace as n on c.relnamespace = n.oid
where n.nspname = %s and c.relkind in ('r', 'p', 'v', 'm') and not c.relispartition
order by c.relname
"""
COLUMNS = """
select a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       coalesce(pg_get_expr(d.adbin, d.adrelid), ''), coalesce(col_description(a.attrelid, a.attnum), '')
from pg_attribute as a left join pg_attrdef as d on (a.attrelid, a.attnum) = (d.adrelid, d.adnum)
where a.attrelid = %s and a.attnum > 0 and not a.attisdropped
order by a.attnum
"""
CONSTRAINTS = """
select conname, pg_get_constraintdef(oid), contype::text, confrelid::regclass::text,
       (select array_agg(attname order by attnum) from pg_attribute
        where attrelid = conrelid and attnum = any(conkey))
from pg_constraint where conrelid = %s and conparentid = 0 order by contype <> 'p', conname
"""
INDEXES = """
select pg_get_indexdef(indexrelid) from pg_index
where indrelid = %s and not exists (select from pg_constraint where conindid = indexrelid and conrelid = indrelid)
order by indexrelid::regclass::text
"""
TRIGGERS = "select pg_get_triggerdef(oid) from pg_trigger where tgrelid = %s and not tgisinternal order by tgname"
# Columns naming a user that a trigger checks instead of a foreign key (where Citus allows none).
USER_CHECKED = "select column_name from core.user_checked_columns() where table_name = %s::regclass order by 1"
ACCESS = """
select app_privileges, app_update_columns, database_columns, personal_columns, why
from core.table_access where table_name = %s
"""
KINDS = {"r": "table", "p": "partitioned table", "v": "view", "m": "materialized view"}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _entity(schema: str, table: str) -> str:
    return f"{schema}_{table}"


def _who_may_write(access) -> str:
    if access is None:
        return "gamedb_app: nothing declared (owner only)."
    privileges, update_columns, database_columns, personal_columns, why = access
    writes = [p for p in privileges if p != "SELECT"]
    text = f"gamedb_app may {', '.join(writes) if writes else 'only read'}"
    if update_columns:
        text += f" (UPDATE only {', '.join(update_columns)})"
    text += "; gamedb_readonly may read" + (f" all but {', '.join(personal_columns)}" if personal_columns else "")
    if database_columns:
        text += f"; written only by the database: {', '.join(database_columns)}"
    return f"{text}. Why: {_cell(why)}"


def schema_doc(conn: psycopg.Connection) -> str:
    """docs/schema.md: per module an ER diagram, then each table's purpose, columns, keys, indexes,
    triggers and who may write it. Generated from the catalog; `make schema` rewrites it."""
    out = ["# The gamedb schema", "",
           "Generated by `make schema` from a database built by the migrations; do not edit by hand",
           "(tests/test_migrations.py fails while it is stale). Who may write each table comes from",
           "`core.table_access`, the privileges the database grants and checks.", ""]
    modules = module_schemas(conn)
    out += [f"- [{m}](#module-{m})" for m in modules] + [""]
    for schema in modules:
        relations = conn.execute(RELATIONS, [schema]).fetchall()
        out += [f"## Module {schema}", "", _cell(conn.execute(
            "select coalesce(obj_description(%s::regnamespace, 'pg_namespace'), '')", [schema]).fetchone()[0]), ""]
        diagram, sections = [], []
        for oid, _, table, kind, comment in relations:
            columns = conn.execute(COLUMNS, [oid]).fetchall()
            constraints = conn.execute(CONSTRAINTS, [oid]).fetchall()
            keys = {c for _, _, kind_, _, cols in constraints if kind_ == "p" for c in cols}
            checked = [row[0] for row in conn.execute(USER_CHECKED, [oid])]
            foreign = {c for _, _, kind_, _, cols in constraints if kind_ == "f" for c in cols} | set(checked)
            diagram.append(f"    {_entity(schema, table)} {{")
            for name, type_, *_ in columns:
                marks = ",".join(m for m, on in (("PK", name in keys), ("FK", name in foreign)) if on)
                diagram.append(f"        {re.sub(r'[^A-Za-z0-9_]+', '_', type_).strip('_')} {name} {marks}".rstrip())
            diagram.append("    }")
            for _, _, kind_, target, cols in constraints:
                if kind_ == "f":
                    parent = _entity(*target.split(".", 1))
                    diagram.append(f'    {parent} ||--o{{ {_entity(schema, table)} : "{", ".join(cols)}"')
            # Dotted: held by the trigger, not by a foreign key.
            diagram += [f'    core_users ||..o{{ {_entity(schema, table)} : "{column}"' for column in checked]
            sections += [f"### {schema}.{table}", "", f"*{KINDS[kind]}*. {_cell(comment)}", ""]
            if kind in ("r", "p"):
                access = conn.execute(ACCESS, [f"{schema}.{table}"]).fetchone()
                sections += [f"Who may write: {_who_may_write(access)}", ""]
            sections += ["| column | type | null | default | description |", "|---|---|---|---|---|"]
            sections += [f"| {name} | {type_} | {'' if notnull else 'yes'} | {_cell(default)} | {_cell(text)} |"
                         for name, type_, notnull, default, text in columns]
            sections.append("")
            if constraints:
                sections += ["Keys and checks:", ""] + [f"- `{name}`: `{_cell(definition)}`"
                                                       for name, definition, *_ in constraints] + [""]
            indexes = [row[0] for row in conn.execute(INDEXES, [oid])]
            if indexes:
                sections += ["Indexes:", ""] + [f"- `{_cell(index)}`" for index in indexes] + [""]
            triggers = [row[0] for row in conn.execute(TRIGGERS, [oid])]
            if triggers:
                sections += ["Triggers:", ""] + [f"- `{_cell(trigger)}`" for trigger in triggers] + [""]
        if diagram:
            out += ["```mermaid", "erDiagram"] + diagram + ["```", ""]
        out += sections
    return "\n".join(out).rstrip() + "\n"


def main() -> None:
    """`make schema`: build a throwaway database from the migrations and write both documents."""
    from runner.localpg import LocalServer, throwaway_home
    from runner.migrate import Migrator, Settings

    server = LocalServer(throwaway_home("gamedb-schema-"))
    try:
        server.start()
        server.ensure_database("gamedb")
        url = server.url("gamedb")
        migrator = Migrator(url, Settings(), lambda _: None)
        migrator.migrate()
        migrator.close()
        SCHEMA_SQL.write_text(dump_schema(url))
        with psycopg.connect(url) as conn:
            SCHEMA_DOC.write_text(schema_doc(conn))
        for path in (SCHEMA_SQL, SCHEMA_DOC):
            print(f"wrote {path.relative_to(PROJECT_ROOT)}")
    finally:
        server.destroy()


if __name__ == "__main__":
    main()
