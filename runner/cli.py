"""The `gamedb` command line: glue between the SQL files and PostgreSQL."""

import os
import re
import sys
from functools import wraps

import click
import psycopg

from runner import DEMO_DIR, PROJECT_ROOT, errors
from runner.db import connect, local_database_url, redact, resolve_url, translate
from runner.errors import GamedbError, OutputClosedError, UsageError
from runner.invariants import run_invariants
from runner.localpg import project_server
from runner.migrate import Migrator, Settings, applied_migrations, history_problems, lock_holder
from runner.queries import all_queries, execute, find_query, shown, writer
from runner.schema import dump_schema

EXIT_CODES_HELP = errors.__doc__.split("Exit codes", 1)[1].split("\n", 1)[1]


def say(message: str) -> None:
    """Progress and diagnostics go to stderr so stdout stays machine-readable."""
    click.echo(message, err=True)


def handles_errors(command):
    """Turn a known error into one line on stderr and its documented exit code."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            try:
                return command(*args, **kwargs)
            except psycopg.Error as exc:
                raise translate(exc) from exc
        except GamedbError as exc:
            if isinstance(exc, OutputClosedError):
                # Nothing more can be written to stdout; keep Python's exit quiet.
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            say(f"gamedb: error: {exc.message}")
            sys.exit(exc.exit_code)

    return wrapper


def database_url(ctx: click.Context) -> str:
    """Resolve the database once per invocation, and say which one it is."""
    state = ctx.find_root().obj
    if "url" not in state:
        url, source = resolve_url(state["option_url"])
        say(f"gamedb: database {redact(url)} (from {source})")
        state["url"] = url
    return state["url"]


def parse_duration_ms(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+)\s*(ms|s|min)?\s*", text)
    if not match:
        raise click.BadParameter(f"{text!r} is not a duration like 500ms, 5s or 1min")
    number, unit = int(match.group(1)), match.group(2) or "ms"
    return number * {"ms": 1, "s": 1000, "min": 60000}[unit]


@click.group(epilog="Exit codes:\n\n\b\n" + EXIT_CODES_HELP)
@click.option("--database", "option_url", metavar="URL",
              help="PostgreSQL URL. Default: $DATABASE_URL, else the project's own local server.")
@click.pass_context
def cli(ctx, option_url):
    """gamedb: migrations, named queries and invariant checks for the gamedb schema."""
    ctx.obj = {"option_url": option_url}


def migration_options(command):
    command = click.option("--lock-timeout", default="5s", show_default=True,
                           help="lock_timeout for every migration statement (500ms, 5s, 1min).")(command)
    command = click.option("--lock-retries", default=5, show_default=True, type=click.IntRange(0, 20),
                           help="Retries, with doubling back-off, of a migration that hit the lock timeout.")(command)
    command = click.option("--wait", "wait_seconds", default=60, show_default=True, type=click.IntRange(1),
                           help="Seconds to wait for another migration run to finish.")(command)
    return command


def migrator(ctx, lock_timeout, lock_retries, wait_seconds) -> Migrator:
    settings = Settings(
        lock_timeout_ms=parse_duration_ms(lock_timeout),
        lock_retries=lock_retries,
        wait_for_lock_seconds=wait_seconds,
    )
    return Migrator(database_url(ctx), settings, say)


@cli.command()
@click.option("--to", "up_to", metavar="ID", help="Apply pending migrations up to and including ID only.")
@click.option("--dry-run", is_flag=True, help="Print the SQL of pending migrations; change nothing.")
@migration_options
@click.pass_context
@handles_errors
def migrate(ctx, up_to, dry_run, lock_timeout, lock_retries, wait_seconds):
    """Apply pending migrations, in order, under the migration lock."""
    runner = migrator(ctx, lock_timeout, lock_retries, wait_seconds)
    if not dry_run:
        runner.migrate(up_to)
        return
    applied = runner.applied()
    pending = runner.pending(applied, up_to)
    problems = history_problems(runner.files, applied)
    if problems:
        raise errors.HistoryError("refusing to go on: " + "; ".join(problems))
    if not pending:
        say("nothing to migrate: the database is up to date")
    for migration in pending:
        click.echo(f"-- ==== {migration.id} ====\n{migration.path.read_text(encoding='utf-8')}")


@cli.command()
@click.option("--count", type=click.IntRange(1), help="Roll back the newest N migrations (default 1).")
@click.option("--to", "to_id", metavar="ID", help="Roll back every migration applied after ID (ID stays).")
@click.option("--all", "everything", is_flag=True, help="Roll back every applied migration.")
@click.option("--dry-run", is_flag=True, help="Print the rollback SQL that would run; change nothing.")
@migration_options
@click.pass_context
@handles_errors
def rollback(ctx, count, to_id, everything, dry_run, lock_timeout, lock_retries, wait_seconds):
    """Roll back applied migrations, newest first, with their .rollback.sql files."""
    if sum(x is not None and x is not False for x in (count, to_id, everything)) > 1:
        raise UsageError("give at most one of --count, --to, --all")
    runner = migrator(ctx, lock_timeout, lock_retries, wait_seconds)
    if not dry_run:
        runner.rollback(count, to_id, everything)
        return
    applied = runner.applied()
    files = {f.id: f for f in runner.files}
    for migration_id in runner.rollback_targets(applied, count, to_id, everything):
        click.echo(f"-- ==== {migration_id} ====\n{files[migration_id].rollback_path.read_text(encoding='utf-8')}")


@cli.command()
@click.option("--exit-code", is_flag=True, help="Exit 1 when migrations are pending.")
@click.pass_context
@handles_errors
def status(ctx, exit_code):
    """List applied and pending migrations, edited or missing files, and the lock."""
    runner = Migrator(database_url(ctx), Settings(), say)
    with connect(runner.url) as conn:
        applied = applied_migrations(conn)
        holder = lock_holder(conn)
    problems = history_problems(runner.files, applied)
    pending = 0
    for migration in runner.files:
        record = applied.get(migration.id)
        if record is None:
            pending += 1
            click.echo(f"pending  {migration.id}")
        elif record.checksum and record.checksum not in migration.accepted_checksums:
            click.echo(f"EDITED   {migration.id}  applied {record.applied_at:%Y-%m-%d %H:%M:%S} UTC")
        else:
            click.echo(f"applied  {migration.id}  {record.applied_at:%Y-%m-%d %H:%M:%S} UTC")
    for missing in sorted(set(applied) - {f.id for f in runner.files}):
        click.echo(f"MISSING  {missing}  (applied, no file)")
    click.echo(f"{len(applied)} applied, {pending} pending; migration lock: "
               + (f"held by {holder} (clear a stale one with `gamedb unlock`)" if holder else "free"))
    if problems:
        raise errors.HistoryError("; ".join(problems))
    if exit_code and pending:
        sys.exit(errors.EXIT_FINDINGS)


@cli.command()
@click.pass_context
@handles_errors
def unlock(ctx):
    """Clear a migration lock left by a crashed run. Only when no migrate runs."""
    holder = Migrator(database_url(ctx), Settings(), say).unlock()
    say(f"cleared the migration lock held by {holder}" if holder else "the migration lock was free")


@cli.group()
def query():
    """List, show and run named queries (queries/*.sql)."""


def parse_param_options(pairs: tuple[str, ...]) -> dict[str, str]:
    given = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"-p {shown(pair)}: expected NAME=VALUE")
        if name in given:
            raise UsageError(f"-p {name}: given twice")
        given[name] = value
    return given


@query.command("list")
@handles_errors
def query_list():
    """Every named query with its mode and description."""
    queries = all_queries()
    width = max(len(name) for name in queries)
    for name, q in queries.items():
        schedule = f"  [cron: {q.schedule}]" if q.schedule else ""
        click.echo(f"{name.ljust(width)}  {q.mode:<5}  {q.description}{schedule}")


@query.command("show")
@click.argument("name")
@click.option("-p", "--param", "pairs", multiple=True, metavar="NAME=VALUE", help="Render with these values.")
@handles_errors
def query_show(name, pairs):
    """A query's header, parameters and rendered SQL."""
    q = find_query(name)
    for key, value in q.header:
        click.echo(f"-- {key}: {value}")
    text, _ = q.render(q.values(parse_param_options(pairs), for_display=True))
    click.echo(text, nl=False)


@query.command("run")
@click.argument("name")
@click.option("-p", "--param", "pairs", multiple=True, metavar="NAME=VALUE", help="A parameter value (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "jsonl"]), default="table",
              show_default=True, help="table for people; csv, json or jsonl for pipes.")
@click.option("--dry-run", is_flag=True, help="Print the SQL and its bound values; run nothing.")
@click.option("--role", metavar="ROLE",
              help="Run as this database role (e.g. gamedb_app, gamedb_readonly), with its privileges only.")
@click.option("--repeat", is_flag=True,
              help="Write queries that work in batches: run again, each run committed on its own, "
                   "until a run returns no rows.")
@click.pass_context
@handles_errors
def query_run(ctx, name, pairs, fmt, dry_run, role, repeat):
    """Run a named query: read queries read-only, write queries in one locked transaction."""
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
    runs = 0
    with connect(database_url(ctx)) as conn:
        while True:
            count = execute(conn, q, values, writer(fmt, sys.stdout), role=role)
            runs += 1
            say(f"{name}: {count} row{'s' if count != 1 else ''}" + (" (committed)" if q.is_write else "")
                + (f" [run {runs}]" if repeat else ""))
            if not repeat or count == 0:
                break


@cli.command()
@click.pass_context
@handles_errors
def check(ctx):
    """Run every invariant (sql/invariants/*.sql); exit 1 if any rule is broken."""
    with connect(database_url(ctx)) as conn:
        findings = run_invariants(conn)
    broken = [f for f in findings if f.rows]
    for finding in findings:
        click.echo(f"{'BROKEN' if finding.rows else 'ok':<6}  {finding.name}  {finding.description}")
        if finding.rows:
            writer("table", sys.stdout)(lambda f=finding: f.columns, finding.rows)
    click.echo(f"{len(findings) - len(broken)} of {len(findings)} invariants hold")
    if broken:
        sys.exit(errors.EXIT_FINDINGS)


@cli.command("load-demo")
@click.pass_context
@handles_errors
def load_demo(ctx):
    """Load the small demo data set (sql/demo/*.sql); does nothing if already loaded."""
    with connect(database_url(ctx)) as conn, conn.transaction():
        for path in sorted(DEMO_DIR.glob("*.sql")):
            conn.execute(path.read_text(encoding="utf-8"))
            say(f"loaded {path.name}")


@cli.command("dump-schema")
@click.pass_context
@handles_errors
def dump_schema_command(ctx):
    """Print the normalised schema dump (the content of sql/schema.sql)."""
    click.echo(dump_schema(database_url(ctx)), nl=False)


@cli.group()
def server():
    """The project's own throwaway PostgreSQL (used when no database is given)."""


@server.command("start")
@handles_errors
def server_start():
    """Start it (creating it on first use) and print its URL."""
    click.echo(local_database_url())


@server.command("stop")
@handles_errors
def server_stop():
    """Stop it; its data stays for next time."""
    project_server(PROJECT_ROOT).stop()
    say("local server stopped")


@server.command("destroy")
@handles_errors
def server_destroy():
    """Stop it and delete its data."""
    project_server(PROJECT_ROOT).destroy()
    say("local server and its data removed")


def main():
    cli(prog_name="gamedb")
