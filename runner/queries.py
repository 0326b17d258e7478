"""Named queries: one `.sql` file each under queries/, Jinja2-templated.

A query file starts with a header of `-- key: value` lines:

    -- name: pending_rewards
    -- description: Completed games whose reward the wallet worker must credit
    -- mode: read                       (read | write)
    -- lock: try                        (write only: try = exit 75 if busy, wait,
                                         none = the database's row locks only;
                                         default: try for jobs, none otherwise)
    -- schedule: */5 * * * *            (a job: see runner/schedule.py)
    -- output: json-lines               (its one column is a JSON document per
                                         row: with --format jsonl the server
                                         writes the lines, COPY TO STDOUT, and
                                         they pass through untouched; for
                                         exports of many rows)
    -- param: limit int = 100 | most rows to return
    -- param: game_types text[] = null | only these game types

A parameter is `NAME TYPE [>= MIN] [<= MAX] [= DEFAULT] [| help]`; without a
default it is required, `= null` makes it optional. Types: text, int,
numeric, bool, json, timestamptz, date, any of those as a list (`int[]`),
and `choice(a|b|c)`. Bounds apply to int and numeric values (and to each
item of a list) and are checked before any SQL runs.

Values are always bound, never rendered into the text: `{{ user_id }}` in a
template becomes the placeholder `%(user_id)s` and the value travels
separately (a list is bound as an array: `= any({{ ids }})`). `{% if name %}`
tests whether an optional value was given. Only `choice` parameters, whose
values come from the allow-list in the header, render as text, e.g. to pick a
column or a period. A literal `%` is written `%%` (psycopg's escaping).
"""

import datetime as dt
import difflib
import decimal
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import jinja2.meta
import jinja2.sandbox
from psycopg.types.json import Jsonb

from runner import QUERIES_DIR
from runner.errors import UsageError
from runner.headers import check_keys, read_header
from runner.schedule import SCHEDULE_KEYS, job_from_header

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
PARAM_SPEC = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>choice\([^)]*\)|[a-z]+(?:\[\])?)"
    r"(?P<bounds>(?:\s*(?:>=|<=)\s*-?[0-9]+)*)"
    r"(?:\s*=\s*(?P<default>[^|]*?))?\s*(?:\|\s*(?P<help>.*))?$"
)
BOUND = re.compile(r"(>=|<=)\s*(-?[0-9]+)")
HEADER_KEYS = {"name", "description", "mode", "lock", "output", "param"} | SCHEDULE_KEYS
TRUE_WORDS = {"true", "t", "yes", "y", "on", "1"}
FALSE_WORDS = {"false", "f", "no", "n", "off", "0"}


def _parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    raise ValueError(text)


BIGINT_RANGE = (-(2**63), 2**63 - 1)
INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")
NUMERIC_TEXT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def _parse_int(text: str) -> int:
    """ASCII digits only (Python's int() also takes '١٢' and '1_0'), within bigint."""
    if not INTEGER_TEXT.fullmatch(text.strip()):
        raise ValueError(text)
    value = int(text)
    if not BIGINT_RANGE[0] <= value <= BIGINT_RANGE[1]:
        raise ValueError(text)
    return value


def _parse_numeric(text: str) -> decimal.Decimal:
    """A plain decimal number: no NaN, Infinity, underscores or non-ASCII digits."""
    if not NUMERIC_TEXT.fullmatch(text.strip()):
        raise ValueError(text)
    return decimal.Decimal(text)


MAX_JSON_DEPTH = 64


def _parse_json(text: str):
    """JSON nested at most MAX_JSON_DEPTH levels (deeper is refused, not a crash)."""
    value = json.loads(text)
    level, items = 0, [value]
    while items:
        level += 1
        if level > MAX_JSON_DEPTH:
            raise RecursionError
        items = [child for item in items if isinstance(item, (dict, list))
                 for child in (item.values() if isinstance(item, dict) else item)]
    return value


SCALAR_PARSERS = {
    "text": str,
    "int": _parse_int,
    "numeric": _parse_numeric,
    "bool": _parse_bool,
    "json": lambda text: Jsonb(_parse_json(text)),
    "timestamptz": dt.datetime.fromisoformat,
    "date": dt.date.fromisoformat,
}


def shown(text: str, limit: int = 40) -> str:
    """A value as an error message quotes it: never more than `limit` characters of it."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}... ({len(text)} characters)"


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None  # the header's text; None = required
    help: str = ""
    minimum: int | None = None
    maximum: int | None = None

    @property
    def bounds_text(self) -> str:
        return " ".join(f"{op} {n}" for op, n in ((">=", self.minimum), ("<=", self.maximum)) if n is not None)

    def check_bounds(self, value):
        for item in value if isinstance(value, list) else [value]:
            if (self.minimum is not None and item < self.minimum) or (
                    self.maximum is not None and item > self.maximum):
                raise UsageError(f"parameter {self.name}: must be {self.bounds_text}, got {item}")
        return value

    @property
    def choices(self) -> list[str] | None:
        if self.type.startswith("choice("):
            return [c.strip() for c in self.type[7:-1].split("|")]
        return None

    @property
    def required(self) -> bool:
        return self.default is None

    def parse(self, text: str | None):
        """The Python value of `text`; a UsageError names the parameter."""
        if text is None or text.strip().lower() == "null":
            if self.choices or self.required:
                raise UsageError(f"parameter {self.name}: a value is required")
            return None
        if "\x00" in text:
            raise UsageError(f"parameter {self.name}: a value cannot contain a NUL character")
        if self.choices:
            if text not in self.choices:
                raise UsageError(f"parameter {self.name}: expected one of {', '.join(self.choices)}, got {shown(text)}")
            return text
        is_list = self.type.endswith("[]")
        parser = SCALAR_PARSERS[self.type.removesuffix("[]")]
        try:
            if is_list:
                return self.check_bounds([parser(item.strip()) for item in text.split(",") if item.strip()])
            return self.check_bounds(parser(text))
        except RecursionError:
            raise UsageError(f"parameter {self.name}: JSON nested too deeply") from None
        except (ValueError, decimal.InvalidOperation, json.JSONDecodeError):
            raise UsageError(f"parameter {self.name}: expected {self.type}, got {shown(text)}") from None


class BoundValue:
    """What a template sees for a value parameter.

    Testable (`{% if name %}`: was a value given?); printing it renders the
    bind placeholder and records that the value must be sent.
    """

    __slots__ = ("name", "present", "rendered")

    def __init__(self, name: str, value):
        self.name = name
        self.present = value is not None and value != []
        self.rendered = False

    def __bool__(self) -> bool:
        return self.present


def _placeholder_for_values(value):
    if isinstance(value, BoundValue):
        value.rendered = True
        return f"%({value.name})s"
    return value


ENVIRONMENT = jinja2.sandbox.SandboxedEnvironment(
    undefined=jinja2.StrictUndefined,
    finalize=_placeholder_for_values,
    autoescape=False,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass
class Query:
    name: str
    path: Path
    description: str
    mode: str
    lock: str
    schedule: str
    params: dict[str, Param]
    template: str
    header: list[tuple[str, str]] = field(default_factory=list)
    output: str = "rows"  # or json-lines

    @property
    def is_write(self) -> bool:
        return self.mode == "write"

    @property
    def writes_json_lines(self) -> bool:
        return self.output == "json-lines"

    def values(self, given: dict[str, str], for_display: bool = False) -> dict:
        """The parsed value of every parameter, defaults filled in.

        for_display (`query show`): a required value parameter not given is
        taken as present, so the SQL it shapes is shown with its placeholder.
        """
        unknown = sorted(set(given) - set(self.params))
        if unknown:
            raise UsageError(f"query {self.name} has no parameter {', '.join(unknown)}"
                             f" (it takes: {', '.join(self.params) or 'none'})")
        missing = [name for name, param in self.params.items() if param.required and name not in given]
        if missing and not for_display:
            raise UsageError(f"query {self.name} needs " + ", ".join(f"-p {name}=..." for name in missing))
        return {
            name: "<required>"
            if for_display and param.required and not param.choices and name not in given
            else param.parse(given.get(name, param.default))
            for name, param in self.params.items()
        }

    def render(self, values: dict) -> tuple[str, dict]:
        """The SQL text and the parameters it binds."""
        context = {
            name: (values[name] if param.choices else BoundValue(name, values[name]))
            for name, param in self.params.items()
        }
        try:
            text = ENVIRONMENT.from_string(self.template).render(context)
        except jinja2.UndefinedError as exc:
            raise UsageError(f"query {self.name}: template uses an undeclared variable: {exc.message}") from None
        except jinja2.TemplateError as exc:
            raise UsageError(f"query {self.name}: template error: {exc}") from None
        bound = {
            name: values[name]
            for name, item in context.items()
            if isinstance(item, BoundValue) and item.rendered
        }
        return text.strip() + "\n", bound


def parse_query(path: Path) -> Query:
    header = read_header(path)
    check_keys(path, header, HEADER_KEYS)
    fields: dict[str, str] = {}
    params: dict[str, Param] = {}
    for key, value in header.lines:
        if key == "param":
            spec = PARAM_SPEC.match(value)
            if not spec:
                raise UsageError(f"{path.name}: cannot read parameter {value!r} (NAME TYPE [= DEFAULT] [| help])")
            bounds = dict(BOUND.findall(spec["bounds"]))
            param = Param(spec["name"], spec["type"], spec["default"], spec["help"] or "",
                          int(bounds[">="]) if ">=" in bounds else None, int(bounds["<="]) if "<=" in bounds else None)
            if not param.choices and param.type.removesuffix("[]") not in SCALAR_PARSERS:
                raise UsageError(f"{path.name}: parameter {param.name} has unknown type {param.type}")
            if bounds and param.type.removesuffix("[]") not in ("int", "numeric"):
                raise UsageError(f"{path.name}: parameter {param.name}: only int and numeric take bounds")
            params[param.name] = param
        else:
            fields[key] = value
    query = Query(
        name=fields.get("name", ""),
        path=path,
        description=fields.get("description", ""),
        mode=fields.get("mode", ""),
        # A job's second run at once does nothing (exit 75); what an application
        # calls runs side by side, the database's row locks and rules serialising it.
        lock=fields.get("lock", "try" if "schedule" in fields else "none"),
        schedule=fields.get("schedule", ""),
        params=params,
        template=header.body,
        header=header.lines,
        output=fields.get("output", "rows"),
    )
    _validate(query)
    return query


def _validate(query: Query) -> None:
    """A query file that could mislead its caller is refused as a whole."""
    where = query.path.name
    if query.name != query.path.stem:
        raise UsageError(f"{where}: header name {query.name!r} must match the file name")
    if query.mode not in ("read", "write"):
        raise UsageError(f"{where}: mode must be read or write, not {query.mode!r}")
    if query.lock not in ("try", "wait", "none"):
        raise UsageError(f"{where}: lock must be try, wait or none, not {query.lock!r}")
    if query.output not in ("rows", "json-lines"):
        raise UsageError(f"{where}: output must be rows or json-lines, not {query.output!r}")
    try:
        template_names = jinja2.meta.find_undeclared_variables(ENVIRONMENT.parse(query.template))
    except jinja2.TemplateSyntaxError as exc:
        raise UsageError(f"{where}: template syntax error on line {exc.lineno}: {exc.message}") from None
    if PLACEHOLDER.search(query.template):
        raise UsageError(f"{where}: write values as {{{{ name }}}}, not as %(name)s placeholders")
    misplaced = bound_values_in_literals(query.template, {n for n, p in query.params.items() if not p.choices})
    if misplaced:
        name, line, where_in = misplaced[0]
        raise UsageError(f"{where}: line {len(query.header) + line}: value {name} sits inside {where_in}, where it would not be bound "
                         "(write it outside the quotes, e.g. 'text ' || {{ name }})")
    job_from_header(query)  # a scheduled query's schedule lines must hold
    used = template_names
    undeclared = sorted(used - set(query.params))
    if undeclared:
        raise UsageError(f"{where}: uses undeclared parameter(s) {', '.join(undeclared)}")
    unused = sorted(set(query.params) - used)
    if unused:
        raise UsageError(f"{where}: declares parameter(s) it never uses: {', '.join(unused)}")


TEMPLATE_VALUE = re.compile(r"\{\{-?\s*([A-Za-z_][A-Za-z0-9_]*)")
# Where SQL text is not SQL: what opens it, what closes it, and what it is.
QUOTED_OPENINGS = re.compile(r"--|/\*|[eE]'|'|\"|\$[A-Za-z_]*\$")


def _quoted_end(template: str, opening: str, start: int) -> int:
    """Where the quoted literal or comment that opens at `start` ends (just after it)."""
    if opening == "--":
        end = template.find("\n", start)
        return len(template) if end < 0 else end
    if opening == "/*":
        end = template.find("*/", start + 2)
        return len(template) if end < 0 else end + 2
    if opening[0] == "$":
        end = template.find(opening, start + len(opening))
        return len(template) if end < 0 else end + len(opening)
    quote = opening[-1]
    index = start + len(opening)
    while index < len(template):
        if opening in ("e'", "E'") and template[index] == "\\":
            index += 2
        elif template.startswith(quote * 2, index):
            index += 2
        elif template[index] == quote:
            return index + 1
        else:
            index += 1
    return len(template)


def bound_values_in_literals(template: str, value_names: set[str]) -> list[tuple[str, int, str]]:
    """Each `{{ name }}` of a bound value that sits in a quoted literal or a comment: (name, line, where).

    Rendered there, its placeholder would become part of the text ('answer $1')
    instead of a bound value. Choice parameters render as text and may.
    """
    found = []
    index = 0
    while (opening := QUOTED_OPENINGS.search(template, index)) is not None:
        start = opening.start()
        if opening.group(0)[0] in "eE" and start > 0 and (template[start - 1].isalnum() or template[start - 1] == "_"):
            index = start + 1  # the e of a word such as "name'", not an E'' literal
            continue
        end = _quoted_end(template, opening.group(0), start)
        where = {"-": "a comment", "/": "a comment", '"': "a quoted name"}.get(opening.group(0)[0], "a quoted literal")
        for value in TEMPLATE_VALUE.finditer(template, start, end):
            if value.group(1) in value_names:
                found.append((value.group(1), template.count("\n", 0, value.start()) + 1, where))
        index = end
    return found


def all_queries(folder: Path = QUERIES_DIR) -> dict[str, Query]:
    return {path.stem: parse_query(path) for path in sorted(folder.glob("*.sql"))}


def find_query(name: str, folder: Path = QUERIES_DIR) -> Query:
    path = folder / f"{name}.sql"
    if not re.fullmatch(r"[a-z0-9_]+", name) or not path.exists():
        close = difflib.get_close_matches(name[:100], [p.stem for p in folder.glob("*.sql")], n=3)
        hint = f"; did you mean {' or '.join(close)}?" if close else "; `gamedb query list` shows them"
        raise UsageError(f"unknown query {shown(name)}{hint}")
    return parse_query(path)
