"""The schedule: which named queries run as jobs, when, with what, in which order.

A query is a job when its header has `-- schedule: MIN HOUR DOM MON DOW`
(cron's five fields: numbers, `*`, lists `1,5`, ranges `1-5` and steps
`*/10`). More header lines say how it runs, exactly as cron will run it:

    -- schedule-param: period=day          a value for a parameter (repeatable);
    -- schedule-param: batch_id=batch-{today}   {today}, {yesterday} (ISO dates)
                                           and {now} are filled in at run time
    -- schedule-after: refresh_vote_graph  runs after that job (crontab order)
    -- schedule-role: gamedb_app           the role it runs as (SET LOCAL ROLE)
    -- schedule-repeat: yes                batches until a run returns no rows
    -- schedule-output: deliver            its rows are its product (an export):
                                           run it where they are delivered (the
                                           crontab), never in pg_cron

Every file is checked when it is read: a bad schedule, an unknown
parameter, a value that does not parse, an unknown or circular `after`.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from psycopg import sql as psycopg_sql

from runner.errors import UsageError

CRON_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12), ("day of week", 0, 6))
COMPUTED = re.compile(r"\{(today|yesterday|now)\}")
SCHEDULE_KEYS = {"schedule", "schedule-param", "schedule-after", "schedule-role", "schedule-repeat", "schedule-output"}
PG_CRON_PREFIX = "gamedb."  # pg_cron job names gamedb owns: `--install` replaces exactly these


def cron_field(text: str, name: str, low: int, high: int) -> set[int]:
    """The values one cron field matches."""
    values: set[int] = set()
    for part in text.split(","):
        match = re.fullmatch(r"(\*|(\d+)(?:-(\d+))?)(?:/(\d+))?", part)
        if not match:
            raise ValueError(f"{name} {part!r} is not cron syntax")
        start, end = (low, high) if match.group(1) == "*" else (
            int(match.group(2)), int(match.group(3) or match.group(2)))
        step = int(match.group(4) or 1)
        if not (low <= start <= end <= high) or step < 1:
            raise ValueError(f"{name} {part!r} is outside {low}-{high}")
        values |= set(range(start, end + 1, step))
    return values


@dataclass(frozen=True)
class Schedule:
    text: str

    def fields(self) -> list[set[int]]:
        parts = self.text.split()
        if len(parts) != 5:
            raise ValueError(f"{self.text!r} needs five fields (minute hour day-of-month month day-of-week)")
        return [cron_field(part, *spec) for part, spec in zip(parts, CRON_FIELDS)]

    def fires_at(self, moment: dt.datetime) -> bool:
        minute, hour, dom, month, dow = self.fields()
        return (moment.minute in minute and moment.hour in hour and moment.day in dom
                and moment.month in month and (moment.isoweekday() % 7) in dow)

    def max_interval(self) -> dt.timedelta:
        """The longest gap between two firings, over four weeks from a Monday."""
        minute, hour, dom, month, dow = self.fields()
        start = dt.datetime(2024, 1, 1)
        days = [start + dt.timedelta(days=n) for n in range(4 * 7)]
        fired = [day + dt.timedelta(hours=h, minutes=m)
                 for day in days if day.day in dom and day.month in month and (day.isoweekday() % 7) in dow
                 for h in sorted(hour) for m in sorted(minute)]
        if len(fired) < 2:
            return dt.timedelta(days=31)  # rarer than weekly: a month is the honest bound here
        return max(b - a for a, b in zip(fired, fired[1:] + [fired[0] + dt.timedelta(weeks=4)]))


@dataclass
class Job:
    name: str
    schedule: Schedule
    params: dict[str, str] = field(default_factory=dict)
    after: list[str] = field(default_factory=list)
    role: str | None = None
    repeat: bool = False
    delivers: bool = False  # schedule-output: deliver

    def values_now(self, today: dt.date | None = None) -> dict[str, str]:
        """The parameter values for a run now: {today}, {yesterday} and {now} filled in."""
        today = today or dt.date.today()
        filled = {"today": today.isoformat(), "yesterday": (today - dt.timedelta(days=1)).isoformat(),
                  "now": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
        return {name: COMPUTED.sub(lambda m: filled[m.group(1)], value) for name, value in self.params.items()}


def job_from_header(query) -> Job | None:
    """The job a query's header describes, checked; None for a query that is not scheduled."""
    where = query.path.name
    lines = [(key, value) for key, value in query.header if key in SCHEDULE_KEYS]
    if not lines:
        return None
    keys = [key for key, _ in lines]
    if "schedule" not in keys:
        raise UsageError(f"{where}: {', '.join(sorted(set(keys)))} without a schedule")
    job = Job(query.name, Schedule(dict(lines)["schedule"]))
    try:
        job.schedule.fields()
    except ValueError as exc:
        raise UsageError(f"{where}: schedule: {exc}") from None
    for key, value in lines:
        if key == "schedule-param":
            name, sep, text = value.partition("=")
            if not sep or name.strip() not in query.params:
                raise UsageError(f"{where}: schedule-param {value!r}: expected NAME=VALUE with a parameter of the query")
            job.params[name.strip()] = text.strip()
        elif key == "schedule-after":
            job.after += value.split()
        elif key == "schedule-role":
            job.role = value
        elif key == "schedule-repeat":
            if value not in ("yes", "no"):
                raise UsageError(f"{where}: schedule-repeat must be yes or no")
            job.repeat = value == "yes"
        elif key == "schedule-output":
            if value not in ("deliver", "discard"):
                raise UsageError(f"{where}: schedule-output must be deliver or discard")
            job.delivers = value == "deliver"
    if job.repeat and not query.is_write:
        raise UsageError(f"{where}: schedule-repeat is for write queries that work in batches")
    query.values(job.values_now())  # every value parses, nothing required is missing
    return job


def jobs_in_order(queries: dict) -> list[Job]:
    """Every job, each after the jobs it names (then by name)."""
    jobs = {name: job for name, q in queries.items() if (job := job_from_header(q))}
    for job in jobs.values():
        for other in job.after:
            if other not in jobs:
                raise UsageError(f"{job.name}.sql: schedule-after {other}: no such job")
    ordered: list[Job] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if any(j.name == name for j in ordered):
            return
        if name in visiting:
            raise UsageError(f"{name}.sql: schedule-after makes a cycle")
        visiting.add(name)
        for other in sorted(jobs[name].after):
            visit(other)
        visiting.discard(name)
        ordered.append(jobs[name])

    for name in sorted(jobs):
        visit(name)
    return ordered


# --- pg_cron -----------------------------------------------------------------------------------

def _literal(value) -> str:
    """A value as an SQL literal, for the SQL pg_cron runs (which binds nothing)."""
    return psycopg_sql.Literal(value).as_string(None)


def _computed_sql(text: str, sql_type: str) -> str:
    """A schedule value with {today}, {yesterday} or {now} as an SQL expression evaluated at run time."""
    pieces = {"today": "current_date::text", "yesterday": "(current_date - 1)::text",
              "now": "to_char(now() at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')"}
    parts = []
    for n, piece in enumerate(COMPUTED.split(text)):
        if n % 2:
            parts.append(pieces[piece])
        elif piece:
            parts.append(_literal(piece))
    return f"({' || '.join(parts)})::{sql_type}"


def in_database_command(query, job: Job) -> str:
    """The job's SQL with its values written in as SQL literals (pg_cron binds nothing).

    Values computed from the date stay expressions, so each run gets its own date.
    """
    text, bound = query.render(query.values(job.values_now()))

    def written(match: re.Match) -> str:
        if match.group(0) == "%%":
            return "%"
        name = match.group(1)
        raw = job.params.get(name, "")
        if COMPUTED.search(raw):
            return _computed_sql(raw, query.params[name].type)
        return _literal(bound[name])

    return re.sub(r"%%|%\((\w+)\)s", written, text).strip().rstrip(";")


def pg_cron_script(queries: dict, database: str) -> tuple[str, list[Job]]:
    """SQL for the database that holds pg_cron: drop gamedb's jobs for `database`, schedule every job
    in it (each a CALL of core.run_job); and the jobs left to the crontab (their rows are their output)."""
    lines = [f"-- gamedb jobs for pg_cron, from the headers of queries/*.sql, run in database {database}.",
             "-- Run in the database named by cron.database_name; replaces every job named gamedb.*",
             f"-- for {database}. core.run_job records each run in core.job_runs (see `gamedb jobs`).",
             "select cron.unschedule(jobid) from cron.job",
             f"where jobname like {_literal(PG_CRON_PREFIX + '%')}"
             f" and database = {_literal(database)};"]
    left = []
    for job in jobs_in_order(queries):
        if job.delivers:
            left.append(job)
            continue
        command = in_database_command(queries[job.name], job)
        if "$job$" in command:
            raise UsageError(f"{job.name}.sql: its SQL holds $job$, the quote pg_cron's command uses")
        role = _literal(job.role) if job.role else "null"
        call = (f"call core.run_job({_literal(job.name)}, $job$\n{command}\n$job$,"
                f" '{int(job.schedule.max_interval().total_seconds())} seconds',"
                f" {'true' if job.repeat else 'false'}, {role})")
        lines += ["", f"-- {job.name}" + (f" (after {', '.join(job.after)})" if job.after else ""),
                  "select cron.schedule_in_database(",
                  f"    {_literal(PG_CRON_PREFIX + job.name)},"
                  f" {_literal(job.schedule.text)},",
                  f"    $cron${call}$cron$,",
                  f"    {_literal(database)}",
                  ");"]
    lines += [f"-- {job.name}: left to the crontab (`gamedb cron`): its rows are its output" for job in left]
    return "\n".join(lines) + "\n", left
