"""The schema dump DBAs diff in review (`sql/schema.sql`).

pg_dump's schema-only output, without the bookkeeping tables of the
migration tool and without the lines that change from run to run, so two
databases with the same schema give the same text.
"""

import re
import subprocess

from runner.errors import DatabaseError
from runner.localpg import find_bindir
from runner.migrate import YOYO_TABLES

VOLATILE_LINES = re.compile(r"^(-- Dumped (from|by) .*|\\(un)?restrict .*)$")


def dump_schema(url: str) -> str:
    command = [str(find_bindir() / "pg_dump"), "--schema-only", "--no-owner", "--no-privileges", "--dbname", url]
    for table in YOYO_TABLES:
        command += ["--exclude-table", f"public.{table}"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise DatabaseError(f"pg_dump failed: {result.stderr.strip()}")
    lines = [line for line in result.stdout.splitlines() if not VOLATILE_LINES.match(line)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def pg_dump_major() -> int:
    """The major version of the pg_dump gamedb uses."""
    out = subprocess.run([str(find_bindir() / "pg_dump"), "--version"], capture_output=True, text=True).stdout
    return int(re.search(r"\(PostgreSQL\)\s+(\d+)", out).group(1))
