"""Invariant checks: each `sql/invariants/*.sql` returns the rows that break its rule.

A file opens with `-- description: <the rule>` (runner/headers.py) and is one
query; a row it returns is a finding.
"""

from dataclasses import dataclass
from pathlib import Path

import psycopg

from runner import INVARIANTS_DIR
from runner.db import translate
from runner.errors import UsageError
from runner.headers import check_keys, read_header


@dataclass
class Finding:
    name: str
    description: str
    columns: list[str]
    rows: list[tuple]


def invariant_description(path: Path) -> str:
    """The rule the file checks, from its header (`-- description: ...`, required)."""
    header = read_header(path)
    check_keys(path, header, {"description"})
    if not header.get("description"):
        raise UsageError(f"{path.name}: an invariant needs a `-- description:` header line")
    return header.get("description")


def run_invariants(conn: psycopg.Connection, folder: Path = INVARIANTS_DIR) -> list[Finding]:
    """Every invariant, in one read-only transaction (one consistent snapshot)."""
    findings = []
    conn.read_only = True
    try:
        with conn.transaction():
            conn.execute("set transaction isolation level repeatable read")
            for path in sorted(folder.glob("*.sql")):
                with conn.cursor() as cursor:
                    cursor.execute(path.read_text(encoding="utf-8"))
                    columns = [d.name for d in cursor.description]
                    findings.append(Finding(path.stem, invariant_description(path), columns, cursor.fetchall()))
    except psycopg.Error as exc:
        raise translate(exc) from exc
    return findings
