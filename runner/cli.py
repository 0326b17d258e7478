"""The `gamedb` command line: glue between the SQL files and PostgreSQL.

Streams: results on stdout (in the chosen --format), everything else
(which database, progress, row counts, errors) on stderr. Every error is
one line, `gamedb: error: ...`, with the exit code of runner/errors.py.
"""

import contextlib
import json
import os
import re
import shutil
import sys
import time
from datetime import timezone

import click

from runner import DEMO_DIR, PROJECT_ROOT, errors
from runner.errors import GamedbError, OutputClosedError, UsageError

# psycopg, yoyo and jinja2 take most of a second to import: each command
# imports what it needs when it runs, so `--help` and `--version` stay fast.

EXIT_CODES_HELP = errors.__doc__.split("Exit codes", 1)[1].split("\n", 1)[1]
FORMATS = ["table", "csv", "json", "jsonl"]


LOG = {"format": "text", "progress_line": False}  # set per command; errors are printed after Click is done


def say(message: str, level: str = "info", **fields) -> None:
    """Progress and diagnostics go to stderr so stdout stays machine-readable.

    With --log-format json each is one JSON object per line, for log collectors.
    """
    if LOG["format"] == "json":
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        message = json.dumps({"time": stamp, "level": level, "message": message, **fields})
    if LOG["progress_line"]:  # a line goes above the progress line, which is drawn again at the next step
        click.echo("\r\033[K", err=True, nl=False)
        LOG["progress_line"] = False
    click.echo(message, err=True)


class Progress:
    """Long work on a terminal: one line redrawn in place with what is done, the rate and an ETA.

    Silent without a terminal (cron) and with --quiet; with --log-format json
    the steps are events already, so nothing is drawn.
    """

    def __init__(self, what: str, unit: str, total: int | None = None):
        self.what, self.unit, self.total = what, unit, total
        self.started = time.monotonic()
        self.live = sys.stderr.isatty() and LOG["format"] == "text" and not state()["quiet"]

    def __call__(self, done: int, total: int | None = None) -> None:
        total = total if total is not None else self.total
        if not self.live:
            return
        elapsed = max(time.monotonic() - self.started, 1e-6)
        line = f"{self.what}: {done:,}" + (f"/{total:,}" if total else "") + f" {self.unit}, {done / elapsed:,.1f}/s"
        if total and done:
            line += f", ETA {(total - done) * elapsed / done:,.0f} s"
        click.echo("\r\033[K" + line, err=True, nl=False)
        LOG["progress_line"] = True

    def close(self) -> None:
        end_progress_line()


def end_progress_line() -> None:
    """Keep the last progress line on screen and move below it."""
    if LOG["progress_line"]:
        click.echo("", err=True)
        LOG["progress_line"] = False


def state() -> dict:
    return click.get_current_context().find_root().obj


def note(message: str) -> None:
    """A line that --quiet drops (the database banner, row counts)."""
    if not state()["quiet"]:
        say(message)


def output_width() -> int | None:
    """Columns a table may use: the terminal's, or $COLUMNS when piped; None = no limit."""
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() else None


def show_records(fmt: str, names: list[str], rows: list[tuple]) -> None:
    from runner.output import records
    records(fmt, sys.stdout, names, rows, output_width())


class Gamedb(click.Group):
    """Turns every known error into one line on stderr and its documented exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            try:
                return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            except Exception as exc:
                psycopg = sys.modules.get("psycopg")
                if psycopg is None or not isinstance(exc, psycopg.Error):
                    raise
                from runner.db import translate
                raise translate(exc) from exc
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "gamedb"
            say(f"gamedb: error: {exc.format_message()} (see `{where} --help`)", "error", exit_code=errors.EXIT_USAGE)
            sys.exit(errors.EXIT_USAGE)
        except click.Abort:
            say("gamedb: error: interrupted")
            sys.exit(130)
        except GamedbError as exc:
            if isinstance(exc, OutputClosedError):
                # Nothing more can be written to stdout; keep Python's exit quiet.
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            if exc.message:
                say(f"gamedb: error: {exc.message}", "error", exit_code=exc.exit_code)
            sys.exit(exc.exit_code)


def database_url() -> str:
    """Resolve the database once per invocation, and say which one it is."""
    from runner.db import LOCAL_DBNAME, LOCAL_SOURCE, redact, resolve_url
    current = state()
    if "url" not in current:
        url, source = resolve_url(current["option_url"])
        # The local server's URL holds a long socket path: name it instead.
        note(f"gamedb: database {LOCAL_DBNAME} on {source} (.gamedb/)" if source == LOCAL_SOURCE
             else f"gamedb: database {redact(url)} (from {source})")
        current["url"] = url
    return current["url"]


def url_to_read() -> str:
    """Where a read-only query runs: the replica (--read-url) while its lag is within --max-lag, else
    the primary. Which one, and why, is said on stderr."""
    from runner.db import redact, replica_lag
    current = state()
    primary = database_url()
    if not current["read_url"]:
        return primary
    lag = replica_lag(primary, current["read_url"])
    if lag is None:
        say(f"gamedb: {redact(current['read_url'])} is not a replica in recovery: reading from the primary",
            "warning")
        return primary
    if lag > current["max_lag"]:
        say(f"gamedb: replica {lag:.1f} s behind (more than --max-lag {current['max_lag']:g} s):"
            " reading from the primary", "warning")
        return primary
    note(f"gamedb: reading from the replica {redact(current['read_url'])} ({lag:.1f} s behind)")
    return current["read_url"]


def parse_duration_ms(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+)\s*(ms|s|min)?\s*", text)
    if not match:
        raise click.BadParameter(f"{text!r} is not a duration like 500ms, 5s or 1min")
    number, unit = int(match.group(1)), match.group(2) or "ms"
    return number * {"ms": 1, "s": 1000, "min": 60000}[unit]


def complete_query_names(ctx, param, incomplete):
    from runner.queries import all_queries
    return [name for name in all_queries() if name.startswith(incomplete)]


def complete_query_params(ctx, param, incomplete):
    from runner.queries import find_query
    # While `-p` still lacks its value Click cannot parse the query's name:
    # it is the word after `run` or `show` of the line being completed.
    words = os.environ.get("COMP_WORDS", "").split()
    name = ctx.params.get("name") or next(
        (after for before, after in zip(words, words[1:]) if before in ("run", "show")), None)
    if not name or "=" in incomplete:
        return []
    try:
        params = find_query(name).params
    except GamedbError:
        return []
    return [f"{p}=" for p in params if p.startswith(incomplete)]


@click.group("gamedb", cls=Gamedb, epilog="Exit codes:\n\n\b\n" + EXIT_CODES_HELP,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--database", "option_url", metavar="URL",
              help="PostgreSQL URL. Default: $DATABASE_URL, else the project's own local server.")
@click.option("--read-url", envvar="DATABASE_READ_URL", metavar="URL",
              help="A read replica for read-only queries ($DATABASE_READ_URL); writes always go to --database.")
@click.option("--max-lag", "max_lag", envvar="GAMEDB_MAX_REPLICA_LAG", default=30.0, show_default=True,
              type=click.FloatRange(0), metavar="SECONDS",
              help="Read from the replica only while it is at most this far behind; else from the primary.")
@click.option("-q", "--quiet", is_flag=True, help="No 'database ...' line and no row counts on stderr.")
@click.option("--log-format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: every line on stderr is a JSON object {time, level, message[, exit_code]}.")
@click.version_option(None, "-V", "--version", package_name="gamedb", prog_name="gamedb",
                      message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx, option_url, read_url, max_lag, quiet, log_format):
    """gamedb: migrations, named queries and invariant checks for the gamedb schema."""
    ctx.obj = {"option_url": option_url, "read_url": read_url, "max_lag": max_lag, "quiet": quiet}
    LOG["format"] = log_format


def migration_options(command):
    command = click.option("--lock-timeout", default="5s", show_default=True, metavar="DURATION",
                           help="lock_timeout for every migration statement (500ms, 5s, 1min).")(command)
    command = click.option("--lock-retries", default=5, show_default=True, type=click.IntRange(0, 20), metavar="N",
                           help="Retries, with doubling back-off, of a migration that hit the lock timeout.")(command)
    command = click.option("--wait", "wait_seconds", default=60, show_default=True, type=click.IntRange(1),
                           metavar="SECONDS",
                           help="Seconds to wait for another migration run to finish.")(command)
    command = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                           show_default=True,
                           help="json: a summary object on stdout, {\"action\", \"migrations\", \"seconds\"}.")(command)
    return command


def migrator(lock_timeout="5s", lock_retries=5, wait_seconds=60):
    from runner.migrate import Migrator, Settings
    settings = Settings(
        lock_timeout_ms=parse_duration_ms(lock_timeout),
        lock_retries=lock_retries,
        wait_for_lock_seconds=wait_seconds,
    )
    runner = Migrator(database_url(), settings, say)
    runner.on_step = Progress("migrations", "done")  # (done, total) after each migration, on a terminal
    return runner


def run_migrations(action: str, fmt: str, work) -> None:
    """Run `work` (it returns the migration ids it handled), then say what it did."""
    started = time.monotonic()
    # yoyo prints the rows a migration's statements return (a backfill's
    # counts) on stdout: they are progress, not results.
    with contextlib.redirect_stdout(sys.stderr):
        try:
            done = work()
        finally:
            end_progress_line()
    seconds = round(time.monotonic() - started, 2)
    if done:
        say(f"{len(done)} {action} in {seconds:g} s")
    if fmt == "json":
        click.echo(json.dumps({"action": action, "migrations": done, "seconds": seconds}))


@cli.command()
@click.option("--to", "up_to", metavar="ID", help="Apply pending migrations up to and including ID only.")
@click.option("--dry-run", is_flag=True, help="Print the SQL of pending migrations; change nothing.")
@click.option("--phase", type=click.Choice(["pre", "post", "all"]), default="all", show_default=True,
              help="pre: before a code deploy, up to the first post-deploy migration; post: the rest, after it.")
@migration_options
def migrate(up_to, dry_run, phase, lock_timeout, lock_retries, wait_seconds, fmt):
    """Apply pending migrations, in order, under the migration lock."""
    with migrator(lock_timeout, lock_retries, wait_seconds) as runner:
        if not dry_run:
            run_migrations("applied", fmt, lambda: runner.migrate(up_to, phase))
            return
        plan = runner.checked_plan(runner.applied(), up_to=up_to, phase=phase)
    if not plan.steps:
        say("nothing to migrate: the database is up to date")
    for migration in plan.steps:
        click.echo(f"-- ==== {migration.id} ====\n{migration.path.read_text(encoding='utf-8')}")


@cli.command()
@click.option("--count", type=click.IntRange(1), metavar="N", help="Roll back the newest N migrations (default 1).")
@click.option("--to", "to_id", metavar="ID", help="Roll back every migration applied after ID (ID stays).")
@click.option("--all", "everything", is_flag=True, help="Roll back every applied migration.")
@click.option("--dry-run", is_flag=True, help="Print the rollback SQL that would run; change nothing.")
@migration_options
def rollback(count, to_id, everything, dry_run, lock_timeout, lock_retries, wait_seconds, fmt):
    """Roll back applied migrations, newest first, with their .rollback.sql files."""
    if sum(x is not None and x is not False for x in (count, to_id, everything)) > 1:
        raise UsageError("give at most one of --count, --to, --all")
    with migrator(lock_timeout, lock_retries, wait_seconds) as runner:
        if not dry_run:
            run_migrations("rolled back", fmt, lambda: runner.rollback(count, to_id, everything))
            return
        plan = runner.checked_plan(runner.applied(), rollback=True, count=count, to=to_id, everything=everything)
    for migration in plan.steps:
        click.echo(f"-- ==== {migration.id} ====\n{migration.rollback_path.read_text(encoding='utf-8')}")


@cli.command()
@click.option("--exit-code", is_flag=True, help="Exit 1 when migrations are pending.")
@click.option("--all", "show_all", is_flag=True, help="List every migration, not only the summary.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="json: {\"applied\", \"pending\", \"edited\", \"missing\", \"lock\", \"migrations\": [...]}.")
def status(exit_code, show_all, fmt):
    """Applied and pending migrations, edited or missing files, and the lock."""
    from runner.db import connect
    from runner.migrate import Migrator, Settings, applied_migrations, lock_holder
    runner = Migrator(database_url(), Settings(), say)
    with connect(runner.url) as conn:
        plan = runner.plan(applied_migrations(conn))
        holder = lock_holder(conn)
    listing, problems = plan.listing, plan.problems
    counts = {kind: plan.count(kind) for kind in ("applied", "pending", "EDITED", "MISSING")}
    counts["applied"] += counts["EDITED"]
    lock = f"held by {holder}" if holder else "free"
    if fmt in ("json", "jsonl"):
        click.echo(json.dumps({
            "applied": counts["applied"], "pending": counts["pending"], "edited": counts["EDITED"],
            "missing": counts["MISSING"], "lock": holder, "problems": problems,
            # yoyo records UTC without a zone: said here, so that a program need not know it.
            "migrations": [{"state": k.lower(), "id": i,
                            "applied_at": a.replace(tzinfo=timezone.utc).isoformat() if a else None}
                           for k, i, a in listing],
        }))
    else:
        shown_rows = listing if show_all else [row for row in listing if row[0] != "applied"]
        if shown_rows:
            show_records(fmt, ["state", "migration", "applied_at"],
                         [(k, i, f"{a:%Y-%m-%d %H:%M:%S} UTC" if a else None) for k, i, a in shown_rows])
        click.echo(f"{counts['applied']} applied, {counts['pending']} pending, {counts['EDITED']} edited, "
                   f"{counts['MISSING']} missing; migration lock: {lock}"
                   + (" (clear a stale one with `gamedb unlock`)" if holder else ""))
    if problems:
        raise errors.HistoryError("; ".join(problems))
    if exit_code and counts["pending"]:
        sys.exit(errors.EXIT_FINDINGS)


@cli.command()
def unlock():
    """Clear a migration lock left by a crashed run. Only when no migrate runs."""
    from runner.migrate import Migrator, Settings
    with Migrator(database_url(), Settings(), say) as runner:
        holder = runner.unlock()
    say(f"cleared the migration lock held by {holder}" if holder else "the migration lock was free")


@cli.group()
def query():
    """List, show and run named queries (queries/*.sql)."""


def parse_param_options(pairs: tuple[str, ...]) -> dict[str, str]:
    from runner.queries import shown
    given = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"-p {shown(pair)}: expected NAME=VALUE")
        if name in given:
            raise UsageError(f"-p {name}: given twice")
        given[name] = value
    return given


def param_synopsis(q) -> str:
    parts = []
    for param in q.params.values():
        text = f"{param.name}={param.type}" + (f" {param.bounds_text}" if param.bounds_text else "")
        parts.append(text if param.required else f"[{text}]")
    return " ".join(parts)


@query.command("list")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Columns: name, mode, parameters, schedule, description.")
def query_list(fmt):
    """Every named query with its mode, parameters, schedule and description."""
    from runner.queries import all_queries
    def parameters(q):
        """For people one synopsis; for programs each parameter as an object."""
        if fmt not in ("json", "jsonl"):
            return param_synopsis(q)
        return [{"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                 "minimum": p.minimum, "maximum": p.maximum, "choices": p.choices} for p in q.params.values()]

    show_records(fmt, ["name", "mode", "parameters", "schedule", "description"],
                 [(name, q.mode, parameters(q), q.schedule or None, q.description)
                  for name, q in all_queries().items()])


@query.command("show")
@click.argument("name", shell_complete=complete_query_names)
@click.option("-p", "--param", "pairs", multiple=True, metavar="NAME=VALUE", help="Render with these values.",
              shell_complete=complete_query_params)
def query_show(name, pairs):
    """A query's header, parameters and rendered SQL."""
    from runner.queries import find_query
    q = find_query(name)
    for key, value in q.header:
        click.echo(f"-- {key}: {value}")
    text, _ = q.render(q.values(parse_param_options(pairs), for_display=True))
    click.echo(text, nl=False)


@query.command("run")
@click.argument("name", shell_complete=complete_query_names)
@click.option("-p", "--param", "pairs", multiple=True, metavar="NAME=VALUE", help="A parameter value (repeatable).",
              shell_complete=complete_query_params)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table for people; csv, json or jsonl for pipes.")
@click.option("-x", "--expanded", is_flag=True, help="table: one line per column, as psql's \\x.")
@click.option("--dry-run", is_flag=True, help="Print the SQL and its bound values; run nothing.")
@click.option("--role", metavar="ROLE",
              help="Run as this database role (e.g. gamedb_app, gamedb_readonly), with its privileges only.")
@click.option("--repeat", is_flag=True,
              help="Write queries that work in batches: run again, each run committed on its own, "
                   "until a run returns no rows.")
def query_run(name, pairs, fmt, expanded, dry_run, role, repeat):
    """Run a named query: read queries read-only, write queries in one transaction."""
    from runner.queries import find_query
    q = find_query(name)
    if repeat and not q.is_write:
        raise UsageError(f"--repeat: {name} is a read query; only write queries that work in batches repeat")
    values = q.values(parse_param_options(pairs))
    if dry_run:
        text, bound = q.render(values)
        click.echo(text, nl=False)
        for key in sorted(bound):
            click.echo(f"-- %({key})s = {bound[key]!r}")
        return
    run_query(q, values, fmt, expanded, role, repeat)


def run_query(q, values, fmt, expanded, role, repeat) -> tuple[int, int]:
    """Run a query (in batches, each committed, with `repeat`); (rows, runs)."""
    from runner.db import connect
    from runner.output import writer
    from runner.execute import execute
    total = runs = 0
    progress = Progress(f"{q.name} (until a batch returns no rows)", "rows")
    with connect(database_url() if q.is_write or role else url_to_read()) as conn:
        try:
            while True:
                count = execute(conn, q, values, writer(fmt, sys.stdout, output_width(), expanded), role=role)
                total, runs = total + count, runs + 1
                note(f"{q.name}: {count} row{'s' if count != 1 else ''}" + (" (committed)" if q.is_write else "")
                     + (f" [run {runs}]" if repeat else ""))
                if not repeat or count == 0:
                    return total, runs
                progress(total)
        finally:
            progress.close()


@cli.group()
def job():
    """Scheduled jobs: named queries whose header has a schedule."""


def find_job(name: str):
    """The query and its schedule, read from its own file only: cron starts a job every minute."""
    from runner.queries import find_query
    from runner.schedule import job_from_header
    q = find_query(name)
    scheduled = job_from_header(q)
    if scheduled is None:
        raise UsageError(f"{name} has no schedule: it is not a job (`gamedb jobs` lists them)")
    return q, scheduled


@job.command("run")
@click.argument("name", shell_complete=complete_query_names)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Output format of the job's rows.")
def job_run(name, fmt):
    """Run a job exactly as cron does (its header's parameters, role, repeat) and record the run."""
    from runner.jobs import run_recorded
    q, scheduled = find_job(name)
    values = q.values(scheduled.values_now())
    run_recorded(database_url(), scheduled,
                 lambda: run_query(q, values, fmt, False, scheduled.role, scheduled.repeat))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Columns: job, schedule, after, last_started_at, last_outcome, last_succeeded_at, late.")
def jobs(fmt):
    """Every job with its schedule and last runs; exit 1 if one is late (no success in twice its interval)."""
    from runner.jobs import job_health
    from runner.queries import all_queries
    from runner.schedule import jobs_in_order
    history = {row[0]: row[1:] for row in job_health(database_url())}
    rows = [(j.name, j.schedule.text, " ".join(j.after) or None, *history.get(j.name, (None, None, None, None)))
            for j in jobs_in_order(all_queries())]
    show_records(fmt, ["job", "schedule", "after", "last_started_at", "last_outcome", "last_succeeded_at", "late"],
                 rows)
    if any(row[-1] for row in rows):
        sys.exit(errors.EXIT_FINDINGS)


@cli.command()
@click.option("--pg-cron", "pg_cron", is_flag=True,
              help="Print the schedule as pg_cron jobs (SQL) instead of a crontab.")
@click.option("--install", is_flag=True, help="Apply the pg_cron jobs to the server (implies --pg-cron).")
@click.option("--uninstall", is_flag=True, help="Remove this database's gamedb jobs from pg_cron.")
def cron(pg_cron, install, uninstall):
    """Print a crontab that runs every job in dependency order, or the same schedule for pg_cron."""
    from runner.queries import all_queries
    from runner.schedule import jobs_in_order, pg_cron_script
    if install and uninstall:
        raise UsageError("give at most one of --install, --uninstall")
    if install or uninstall:
        from runner.db import install_pg_cron_jobs
        queries = {} if uninstall else all_queries()
        installed, left, cron_db = install_pg_cron_jobs(database_url(), lambda db: pg_cron_script(queries, db))
        say(f"pg_cron (database {cron_db}): {installed} gamedb jobs scheduled"
            + (f"; left to the crontab: {', '.join(j.name for j in left)}" if left else ""))
        return
    if pg_cron:
        from psycopg.conninfo import conninfo_to_dict
        click.echo(pg_cron_script(all_queries(), conninfo_to_dict(database_url()).get("dbname", "gamedb"))[0], nl=False)
        return
    gamedb = shutil.which("gamedb") or os.path.abspath(sys.argv[0])
    click.echo("# gamedb jobs, printed by `gamedb cron` from the headers of queries/*.sql.\n"
               "# cron passes no environment: name the database above the jobs, e.g.\n"
               "# DATABASE_URL=postgresql://gamedb_app@db.internal/gamedb\n"
               "# Listed after the jobs they follow. A run that finds the previous one still\n"
               "# working exits 75 and changes nothing; `gamedb jobs` shows every run.")
    for scheduled in jobs_in_order(all_queries()):
        after = f"  # after {', '.join(scheduled.after)}" if scheduled.after else ""
        click.echo(f"{scheduled.schedule.text} {gamedb} -q job run {scheduled.name}{after}")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="json: one object per invariant, {\"invariant\", \"holds\", \"broken_rows\", \"rule\", \"rows\"}.")
def check(fmt):
    """Run every invariant (sql/invariants/*.sql); exit 1 if any rule is broken."""
    from runner.db import connect
    from runner.invariants import run_invariants
    from runner.output import writer
    with connect(database_url()) as conn:
        findings = run_invariants(conn)
    broken = [f for f in findings if f.rows]
    if fmt == "table":
        show_records("table", ["state", "invariant", "rule"],
                     [("BROKEN" if f.rows else "ok", f.name, f.description) for f in findings])
        for finding in broken:
            click.echo(f"\n{finding.name}:")
            writer("table", sys.stdout, output_width())(lambda f=finding: f.columns, finding.rows)
        click.echo(f"{len(findings) - len(broken)} of {len(findings)} invariants hold")
    else:
        show_records(fmt, ["invariant", "holds", "broken_rows", "rule", "rows"],
                     [(f.name, not f.rows, len(f.rows), f.description,
                       [dict(zip(f.columns, row)) for row in f.rows]) for f in findings])
    if broken:
        sys.exit(errors.EXIT_FINDINGS)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="json: a list of {\"kind\", \"finding\"}; empty when the database is as migrated.")
def verify(fmt):
    """Prove the database is what the migrations build; exit 1 with the drift listed."""
    from runner.db import connect
    from runner.verify import findings
    url = database_url()
    with connect(url) as conn:
        found = findings(conn, url, say)
    if found or fmt != "table":
        show_records(fmt, ["kind", "finding"], found)
    say(f"verify: {len(found)} finding{'s' if len(found) != 1 else ''}" if found
        else "verify: the database is exactly what the migrations build")
    if found:
        sys.exit(errors.EXIT_FINDINGS)


@cli.command("load-demo")
def load_demo():
    """Load the small demo data set (sql/demo/*.sql); does nothing if already loaded."""
    from runner.db import connect
    with connect(database_url()) as conn, conn.transaction():
        for path in sorted(DEMO_DIR.glob("*.sql")):
            # Rows this transaction inserted so far, across every table.
            inserted = "select coalesce(sum(n_tup_ins), 0) from pg_stat_xact_user_tables"
            before = conn.execute(inserted).fetchone()[0]
            conn.execute(path.read_text(encoding="utf-8"))
            added = conn.execute(inserted).fetchone()[0] - before
            say(f"{path.name}: {added} rows added" if added else f"{path.name}: already loaded, nothing to do")


@cli.command("try-rules")
def try_rules():
    """Try bad writes as gamedb_app, each rolled back; exit 1 if the database accepted one."""
    from runner.db import connect
    from runner.demo import try_rules as attempts
    with connect(database_url()) as conn:
        results = list(attempts(conn))
    for description, outcome, _ in results:
        click.echo(f"{description:<42} {outcome}")
    if not all(refused for _, _, refused in results):
        sys.exit(errors.EXIT_FINDINGS)


@cli.command("psql", context_settings={"ignore_unknown_options": True})
@click.argument("psql_args", nargs=-1, type=click.UNPROCESSED)
def psql_command(psql_args):
    """Open psql on the database in use (extra arguments go to psql)."""
    from runner.localpg import find_bindir
    url = database_url()
    binary = shutil.which("psql") or str(find_bindir() / "psql")
    os.execvp(binary, [binary, url, *psql_args])


@cli.command("dump-schema")
def dump_schema_command():
    """Print the normalised schema dump (the content of sql/schema.sql)."""
    from runner.schema import dump_schema
    click.echo(dump_schema(database_url()), nl=False)


@cli.group()
def server():
    """The project's own throwaway PostgreSQL (used when no database is given)."""


@server.command("start")
def server_start():
    """Start it (creating it on first use) and print its URL."""
    from runner.db import local_database_url
    click.echo(local_database_url())


@server.command("stop")
def server_stop():
    """Stop it; its data stays for next time."""
    from runner.localpg import project_server
    project_server(PROJECT_ROOT).stop()
    say("local server stopped")


@server.command("destroy")
def server_destroy():
    """Stop it and delete its data."""
    from runner.localpg import project_server
    project_server(PROJECT_ROOT).destroy()
    say("local server and its data removed")


def main():
    cli(prog_name="gamedb")
