"""Invariant checks: each `sql/invariants/*.sql` returns the rows that break its rule."""

from dataclasses import dataclass
from pathlib import Path

import psycopg

from runner import INVARIANTS_DIR
from runner.db import translate


@dataclass
class Finding:
    name: str
    description: str
    columns: list[str]
    rows: list[tuple]


def _description(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return first.removeprefix("--").strip()


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
                    findings.append(Finding(path.stem, _description(path), columns, cursor.fetchall()))
    except psycopg.Error as exc:
        raise translate(exc) from exc
    return findings
