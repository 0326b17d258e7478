"""The Citus distribution plan (sql/distribution/citus.sql) against the rules Citus enforces, checked on the
catalogue: no Citus needed. A plan line marked `-- pending:` is a table whose keys still break a rule; the
test holds the markers true both ways, so the list of what is left shrinks only by fixing a table."""

import re
from dataclasses import dataclass

from runner import PROJECT_ROOT
from runner.schema import module_tables

PLAN = PROJECT_ROOT / "sql" / "distribution" / "citus.sql"
CALL = re.compile(r"^select (create_reference_table|create_distributed_table|citus_add_local_table_to_metadata)"
                  r"\('([\w.]+)'(?:, '(\w+)')?(?:, colocate_with => '([\w.]+)')?\);$")
KIND = {"create_reference_table": "reference", "create_distributed_table": "distributed",
        "citus_add_local_table_to_metadata": "local"}


@dataclass
class Placement:
    table: str
    kind: str
    column: str | None
    colocate_with: str | None
    pending: bool
    line: int


DROPPED = re.compile(r"^alter table ([\w.]+) drop constraint (\w+);$", re.MULTILINE)
ADDED = re.compile(r"^alter table ([\w.]+) add constraint (\w+)$", re.MULTILINE)


def keys_set_aside(text: str) -> dict[str, tuple[int, int]]:
    """Foreign keys the plan drops while the tables of a cycle are placed, then adds back: name -> the
    lines of the drop and of the add."""
    line_of = {match.group(2): text.count("\n", 0, match.start()) + 1 for match in ADDED.finditer(text)}
    return {match.group(2): (text.count("\n", 0, match.start()) + 1, line_of.get(match.group(2), 0))
            for match in DROPPED.finditer(text)}


def read_plan(text: str) -> list[Placement]:
    """The calls in order; a call is pending when the comment just above it has a `-- pending:` line."""
    placements, comment = [], []
    for number, line in enumerate(text.splitlines(), 1):
        call = CALL.match(line)
        if call:
            function, table, column, colocate_with = call.groups()
            pending = any(c.startswith("-- pending:") for c in comment)
            placements.append(Placement(table, KIND[function], column, colocate_with, pending, number))
        elif line.startswith("select ") and not line.startswith("select set_config("):
            raise AssertionError(f"citus.sql line {number} is not a call the plan knows: {line}")
        comment = comment + [line] if line.startswith("--") else []
    return placements


def catalogue(conn):
    tables = module_tables(conn)
    unique_keys = conn.execute(
        "select i.indrelid::regclass::text, i.indexrelid::regclass::text,"
        " array(select a.attname::text from pg_attribute as a where a.attrelid = i.indrelid"
        "  and a.attnum = any(i.indkey))"
        " from pg_index as i where i.indisunique").fetchall()
    foreign_keys = conn.execute(
        "select conrelid::regclass::text, conname::text, confrelid::regclass::text,"
        " array(select a.attname::text from unnest(conkey) with ordinality as k (n, o)"
        "  join pg_attribute as a on a.attrelid = conrelid and a.attnum = k.n order by k.o),"
        " array(select a.attname::text from unnest(confkey) with ordinality as k (n, o)"
        "  join pg_attribute as a on a.attrelid = confrelid and a.attnum = k.n order by k.o)"
        " from pg_constraint where contype = 'f'").fetchall()
    not_null = {(t, c) for t, c in conn.execute(
        "select attrelid::regclass::text, attname::text from pg_attribute where attnum > 0 and attnotnull")}
    return tables, unique_keys, foreign_keys, not_null


def violations(conn, placements: list[Placement]) -> dict[str, list[str]]:
    """What Citus would refuse, per table, if the plan ran on this schema."""
    tables, unique_keys, foreign_keys, not_null = catalogue(conn)
    placed = {p.table: p for p in placements}
    found = {p.table: [] for p in placements}
    for p in placements:
        if p.kind == "distributed" and (p.table, p.column) not in not_null:
            found[p.table].append(f"distribution column {p.column} missing or nullable")
    for table, index, columns in unique_keys:
        p = placed.get(table)
        if p and p.kind == "distributed" and p.column not in columns:
            found[table].append(f"unique {index} ({', '.join(columns)}) lacks {p.column}")
    for table, name, target, columns, target_columns in foreign_keys:
        source, goal = placed.get(table), placed.get(target)
        if not source or not goal:
            continue
        if source.kind == "distributed" and goal.kind == "distributed":
            paired = dict(zip(target_columns, columns))
            if paired.get(goal.column) != source.column:
                found[table].append(f"foreign key {name} to {target} does not pair {source.column} with {goal.column}")
        elif goal.kind == "distributed" or (goal.kind == "local" and source.kind != "local"):
            found[table].append(f"foreign key {name}: a {source.kind} table cannot point at a {goal.kind} one ({target})")
    return found


def test_every_table_is_placed_once(schema_conn):
    placements = read_plan(PLAN.read_text(encoding="utf-8"))
    names = [p.table for p in placements]
    assert len(names) == len(set(names)), "a table is placed twice"
    tables = catalogue(schema_conn)[0]
    assert sorted(names) == tables, f"unplaced: {set(tables) - set(names)}; unknown: {set(names) - set(tables)}"


def test_distributed_tables_share_the_users_shards_and_come_after_what_they_point_at(schema_conn):
    placements = read_plan(PLAN.read_text(encoding="utf-8"))
    placed = {p.table: p for p in placements}
    users = placed["core.users"]
    assert (users.kind, users.column, users.colocate_with) == ("distributed", "id", None)
    primary_keys = {table: columns for table, index, columns in catalogue(schema_conn)[1] if index.endswith("_pkey")}
    for p in placements:
        if p.kind == "distributed" and p.table != "core.users":
            # A lookup table (a value unique across users -> its user) is distributed by its key.
            lookup = p.colocate_with == "none" and p.column in primary_keys.get(p.table, [])
            assert lookup or p.colocate_with == "core.users", f"{p.table}: co-locate it with core.users"
    # Citus needs a referenced table distributed (or made a reference table) before the table pointing at it;
    # a key of a cycle is dropped before the first of its tables is placed and added back after both.
    aside = keys_set_aside(PLAN.read_text(encoding="utf-8"))
    for table, name, target, _, _ in catalogue(schema_conn)[2]:
        source, goal = placed.get(table), placed.get(target)  # a partition's foreign keys are its table's
        if not (source and goal and table != target and goal.kind != "local" and not source.pending):
            continue
        if name in aside:
            dropped, added = aside[name]
            assert dropped < min(source.line, goal.line) and added > max(source.line, goal.line), name
        else:
            assert goal.line < source.line, f"{target} must come before {table} in citus.sql"
    assert all(added for _, added in aside.values()), "a key the plan drops must be added back"


def test_the_pending_list_is_exactly_what_breaks_a_rule(schema_conn):
    placements = read_plan(PLAN.read_text(encoding="utf-8"))
    found = violations(schema_conn, placements)
    for p in placements:
        if p.pending:
            assert found[p.table], f"{p.table} breaks no rule now: drop its `-- pending:` line"
        else:
            assert found[p.table] == [], f"{p.table} (not marked pending) breaks: {found[p.table]}"


def test_the_checks_catch_what_citus_refuses(schema_conn):
    """Each rule, seen failing on a plan that breaks it: the ledger distributed by a column its keys do
    not hold."""
    plan = [Placement("core.users", "distributed", "id", None, False, 1),
            Placement("reward.xp_ledger", "distributed", "event_type", "core.users", False, 2),
            Placement("reward.levels", "reference", None, None, False, 3),
            Placement("trust.abuse_flags", "reference", None, None, False, 4),
            Placement("core.event_logs", "distributed", "user_id", "core.users", False, 5)]
    found = violations(schema_conn, plan)
    assert any("unique" in v and "lacks event_type" in v for v in found["reward.xp_ledger"])
    assert any("does not pair event_type with event_type" in v for v in found["reward.xp_ledger"])  # corrects_id
    assert any("a reference table cannot point at a distributed one" in v for v in found["trust.abuse_flags"])
    assert "distribution column user_id missing or nullable" in found["core.event_logs"]
    assert found["reward.levels"] == []


def pending_phrase(count: int) -> str:
    return {0: "no table is marked", 1: "1 table is marked"}.get(count, f"{count} tables are marked")


def test_the_scaling_page_counts_the_plan_as_it_is():
    placements = read_plan(PLAN.read_text(encoding="utf-8"))
    readme = " ".join((PROJECT_ROOT / "docs" / "scaling.md").read_text(encoding="utf-8").split())
    count = {kind: sum(1 for p in placements if p.kind == kind) for kind in KIND.values()}
    for phrase in (f"{count['reference']} reference tables", f"{count['distributed']} distributed tables",
                   f"{count['local']} kept on the coordinator", pending_phrase(sum(p.pending for p in placements))):
        assert phrase in readme, f"docs/scaling.md should say: {phrase}"
