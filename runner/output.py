"""How results are printed: psql-like tables for people, csv, json and jsonl for pipes.

Every writer is a function (columns, rows) -> row count. `columns` is a
callable because a streamed result knows its columns only once it ran.

Types in JSON: numbers are JSON numbers, and those of numeric columns (money,
ratios) keep every digit as the database holds them (15.00, not 15.0), as in
the table and csv formats; times are ISO 8601 strings; NULL is null.
"""

import csv
import datetime as dt
import decimal
import json
import re

NULL_MARKER = "(null)"
ELLIPSIS = "…"


# A numeric travels through json.dumps as a string behind this marker and
# comes out as a bare number with its digits. Text from PostgreSQL never
# holds a NUL, so the marker cannot be data.
DECIMAL_MARK = "\x00decimal:"
DECIMAL_STRING = re.compile(r'"\\u0000decimal:([^"]+)"')


def to_json(value, indent: int | None = None) -> str:
    """`value` as JSON text (see the module's note on types)."""
    text = json.dumps(value, default=plain, ensure_ascii=False, indent=indent)
    return DECIMAL_STRING.sub(r"\1", text)


def plain(value):
    """A value as JSON can hold it, exactly (see the module's note on types)."""
    if isinstance(value, decimal.Decimal):
        return DECIMAL_MARK + str(value) if value.is_finite() else str(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return value


def cell(value) -> str:
    """A value as text in a table or csv cell ('' for NULL)."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return to_json(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    return str(plain(value))


def _is_number(value) -> bool:
    return isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool)


def _fit(widths: list[int], limit: int | None, floor: int = 3) -> list[int]:
    """Narrow the widest columns until the row (with its ' | ' separators) fits in `limit`."""
    widths = list(widths)
    if limit is None:
        return widths
    while sum(widths) + 3 * (len(widths) - 1) > limit:
        widest = max(range(len(widths)), key=widths.__getitem__)
        if widths[widest] <= floor:
            break
        widths[widest] -= 1
    return widths


def _clip(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + ELLIPSIS


def table_text(names: list[str], rows: list[tuple], width: int | None = None) -> str:
    """psql's aligned format: numbers right-aligned, NULL shown, long values cut to `width` columns."""
    cells = [[NULL_MARKER if v is None else cell(v).replace("\n", " ") for v in row] for row in rows]
    right = [bool(rows) and all(_is_number(r[i]) for r in rows if r[i] is not None) for i in range(len(names))]
    widths = _fit([max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)], width)

    def line(values, align_right):
        return " | ".join(
            _clip(v, w).rjust(w) if r else _clip(v, w).ljust(w) for v, w, r in zip(values, widths, align_right)
        ).rstrip() + "\n"

    text = line(names, right) + "-+-".join("-" * w for w in widths) + "\n"
    return text + "".join(line(row, right) for row in cells)


def expanded_text(names: list[str], rows: list[tuple], width: int | None = None) -> str:
    """psql's expanded format (\\x): one `column | value` line per column, a header per record."""
    label = max((len(n) for n in names), default=0)
    value_width = None if width is None else max(width - label - 3, 10)
    out = []
    for number, row in enumerate(rows, start=1):
        out.append(f"-[ RECORD {number} ]".ljust(min(width or 40, 40), "-") + "\n")
        for name, value in zip(names, row):
            text = NULL_MARKER if value is None else cell(value)
            out.append(f"{name.ljust(label)} | {text if value_width is None else _clip(text, value_width)}\n")
    return "".join(out)


def writer(fmt: str, out, width: int | None = None, expanded: bool = False):
    """A function (columns, rows) -> row count that prints in `fmt`.

    csv and jsonl stream row by row; table and json need every row first.
    The jsonl writer also takes the lines a json-lines query's COPY sends
    (`write_lines`), which need no formatting at all.
    """

    def write_table(columns, rows):
        rows = list(rows)
        names = columns()
        if names:
            out.write((expanded_text if expanded else table_text)(names, rows, width))
        out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
        return len(rows)

    def write_csv(columns, rows):
        sink = csv.writer(out, lineterminator="\n")
        count = 0
        for row in rows:
            if count == 0:
                sink.writerow(columns())
            sink.writerow([cell(v) for v in row])
            count += 1
        if count == 0 and columns():
            sink.writerow(columns())
        return count

    def write_jsonl(columns, rows):
        count = 0
        for row in rows:
            out.write(to_json(dict(zip(columns(), row))) + "\n")
            count += 1
        return count

    def write_lines(chunks):
        # What a json-lines query's COPY sends: one line per row, written as it arrives.
        count = 0
        for chunk in chunks:
            out.write(bytes(chunk).decode())
            count += 1
        return count

    write_jsonl.write_lines = write_lines

    def write_json(columns, rows):
        records = [dict(zip(columns(), row)) for row in rows]
        out.write(to_json(records, indent=2) + "\n")
        return len(records)

    return {"table": write_table, "csv": write_csv, "jsonl": write_jsonl, "json": write_json}[fmt]


def records(fmt: str, out, names: list[str], rows: list[tuple], width: int | None = None) -> None:
    """A command's own result (status, check, query list) in `fmt`, without the row count."""
    if fmt == "table":
        out.write(table_text(names, rows, width))
    else:
        writer(fmt, out)(lambda: names, rows)
