"""Running a named query: one transaction, its lock, its role, and its rows handed to a writer.

runner/queries.py reads and checks the files; runner/output.py formats the
rows; this module is what happens in the database between the two.
"""

import psycopg
from psycopg import sql

from runner.db import translate
from runner.errors import EXIT_OK, BusyError, OutputClosedError
from runner.queries import Query


# COPY options under which the server writes a one-column JSON result as
# JSON lines, byte for byte: csv quotes a value only when it holds the
# delimiter, the quote character or a line break, and JSON text from
# PostgreSQL holds none of them (it escapes every control character).
JSON_LINES_COPY = "(format csv, delimiter e'\\x02', quote e'\\x01')"


def lock_key(query: Query) -> str:
    return f"gamedb.query.{query.name}"


def execute(conn: psycopg.Connection, query: Query, values: dict, write_rows, role: str | None = None) -> int:
    """Run `query` in one transaction and hand its rows to `write_rows`.

    A json-lines query whose rows go to a jsonl writer runs as COPY TO
    STDOUT: the server formats the lines, the runner passes them through.
    Read queries run read-only. Write queries hold an advisory lock named
    after the query for the whole transaction; the rows are written out
    before the commit, so a failure while writing them undoes the change.
    With `role`, the transaction runs as that role (SET LOCAL ROLE), with
    its privileges only.
    """
    text, bound = query.render(values)
    conn.read_only = not query.is_write
    try:
        with conn.transaction():
            if role:
                conn.execute(sql.SQL("set local role {}").format(sql.Identifier(role)))
            if not query.is_write or query.lock == "none":
                pass
            elif query.lock == "wait":
                conn.execute("select pg_advisory_xact_lock(hashtextextended(%s, 0))", [lock_key(query)])
            else:
                got = conn.execute(
                    "select pg_try_advisory_xact_lock(hashtextextended(%s, 0))", [lock_key(query)]
                ).fetchone()[0]
                if not got:
                    raise BusyError(f"query {query.name} is already running elsewhere; nothing was done")
            with conn.cursor() as cursor:
                write_lines = getattr(write_rows, "write_lines", None) if query.writes_json_lines else None
                try:
                    if write_lines:
                        with cursor.copy(f"copy ({text.rstrip()}) to stdout {JSON_LINES_COPY}", bound) as copy:
                            count = write_lines(copy)
                    else:
                        rows = cursor.stream(text, bound)
                        try:
                            count = write_rows(lambda: [d.name for d in cursor.description or []], rows)
                        finally:
                            rows.close()  # a half-read stream holds the connection: release it
                except BrokenPipeError:
                    if not query.is_write:
                        raise OutputClosedError("", exit_code=EXIT_OK) from None
                    raise OutputClosedError(
                        f"query {query.name}: the output was closed before every row was written; "
                        "nothing was committed"
                    ) from None
        return count
    except psycopg.Error as exc:
        raise translate(exc) from exc
