"""The CLI as cron and deploy pipelines see it: exit codes, checks, demo data, locks."""

import io
import json
import os
import re
import shlex
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from importlib.metadata import version
from pathlib import Path

import click
import psycopg
import pytest
from click.testing import CliRunner

from runner import INVARIANTS_DIR
from runner.cli import cli
from runner.demo import ATTEMPTS
from runner.migrate import local_migrations
from runner.errors import OutputClosedError, RefusedError
from runner.output import writer
from runner.execute import execute
from runner.queries import all_queries, parse_query
from tests.helpers import (FIXTURE_MIGRATIONS, GAMEDB, add_user, broken_invariants, gamedb_on, gamedb_process,
                           migration_that, scalar, snapshot)

FIRST = local_migrations()[0].id


def test_the_database_in_use_is_announced_without_its_password(db_url, monkeypatch):
    result = CliRunner().invoke(cli, ["--database", db_url, "status"])
    assert f"gamedb: database {db_url} (from --database)" in result.stderr
    monkeypatch.setenv("DATABASE_URL", "postgresql://app:s3cret@127.0.0.1:1/nowhere?connect_timeout=2")
    unreachable = CliRunner().invoke(cli, ["status"])
    assert "(from DATABASE_URL)" in unreachable.stderr
    assert "s3cret" not in unreachable.stderr and "app:***@" in unreachable.stderr
    assert unreachable.exit_code == 4
    assert unreachable.stderr.count("\n") == 2, "one line to say which database, one for the error"


@pytest.mark.parametrize("url", [
    "postgresql://127.0.0.1:1/nowhere?connect_timeout=2&password=s3cret",
    "host=127.0.0.1 port=1 dbname=nowhere connect_timeout=2 password=s3cret",
    "host=127.0.0.1 port=1 dbname=nowhere connect_timeout=2 password='s3cret and more'",
])
def test_no_form_of_connection_string_shows_its_password(url):
    result = CliRunner().invoke(cli, ["--database", url, "status"])
    assert result.exit_code == 4 and "s3cret" not in result.stderr and "password=***" in result.stderr


@pytest.mark.parametrize("source", ["--database", "DATABASE_URL"])
def test_a_string_that_is_no_connection_string_is_a_usage_error(source, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "notaurl")
    result = CliRunner().invoke(cli, ["--database", "notaurl", "status"] if source == "--database" else ["status"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f'gamedb: error: {source}: not a PostgreSQL URL or connection string'
        ' (missing "=" after "notaurl" in connection info string)']


def test_check_passes_on_a_fresh_database_and_names_broken_rows(gamedb, db):
    rules = len(list(INVARIANTS_DIR.glob("*.sql")))
    clean = gamedb("check")
    assert clean.exit_code == 0 and f"{rules} of {rules} invariants hold" in clean.stdout
    db.execute("insert into core.users (php_user_id, total_games_played) values (1, 3)")
    db.execute("update play.game_questions set usage_count = 4, success_count = 1"
               " where question_text = 'Aap kaise ho?'")
    assert broken_invariants(gamedb) == {"users_game_totals", "game_questions_statistics"}
    broken = gamedb("check")
    assert broken.exit_code == 1 and f"{rules - 2} of {rules} invariants hold" in broken.stdout
    assert "BROKEN | users_game_totals" in broken.stdout


def test_demo_data_loads_once_and_keeps_every_invariant(gamedb, db):
    assert gamedb("load-demo").exit_code == 0
    counts = snapshot(db)
    assert counts["core.users"][0] == 15 and counts["play.game_sessions"][0] > 10
    assert gamedb("load-demo").exit_code == 0
    assert snapshot(db) == counts
    assert gamedb("check").exit_code == 0
    stats = gamedb("query", "run", "game_stats")
    assert "intent_quest" in stats.stdout and "rupees_credited" in stats.stdout
    assert "(1 row)" in gamedb("query", "run", "pending_rewards", "-p", "max_rows=1").stdout


def test_a_cron_write_query_already_running_exits_75_and_does_nothing(gamedb, db_url, db):
    db.execute("insert into chat.conversation_logs (session_id, user_message, nlu_intent, nlu_confidence)"
               " values ('s', 'track it', 'track_order', 0.99)")
    with psycopg.connect(db_url) as other_run:
        other_run.execute("select pg_advisory_xact_lock(hashtextextended('gamedb.query.harvest_training_candidates', 0))")
        busy = gamedb("query", "run", "harvest_training_candidates")
        assert busy.exit_code == 75
        assert "already running elsewhere; nothing was done" in busy.stderr
    assert scalar(db, "select count(*) from chat.training_samples") == 0
    assert gamedb("query", "run", "harvest_training_candidates").exit_code == 0
    assert scalar(db, "select count(*) from chat.training_samples") == 1


def test_output_that_breaks_half_way_commits_nothing(db_url, db):
    db.execute("insert into chat.training_samples (text, intent, review_status, approved, approved_at)"
               " select 'sample ' || g, 'greet', 'approved', true, now() from generate_series(1, 50) g")
    query = all_queries()["export_training_batch"]
    written = []

    class ClosesAfterTenLines(io.StringIO):
        def write(self, text):
            if len(written) == 10:
                raise BrokenPipeError
            written.append(text)
            return len(text)

    with psycopg.connect(db_url) as conn, pytest.raises(OutputClosedError, match="nothing was committed"):
        execute(conn, query, query.values({"batch_id": "b1"}), writer("jsonl", ClosesAfterTenLines()))
    assert len(written) == 10
    assert scalar(db, "select count(*) from chat.training_batch_samples") == 0


def test_read_queries_cannot_write(tmp_path, db_url, db):
    sneaky = tmp_path / "sneaky.sql"
    sneaky.write_text("-- name: sneaky\n-- description: d\n-- mode: read\n"
                      "update core.gamification_settings set value = '0' where key = 'max_games_per_day'\n")
    query = parse_query(sneaky)
    with psycopg.connect(db_url) as conn, pytest.raises(Exception, match="read-only transaction"):
        execute(conn, query, {}, writer("table", io.StringIO()))
    assert scalar(db, "select value from core.gamification_settings where key = 'max_games_per_day'") == "10"


def test_a_refusal_inside_a_write_query_rolls_back_everything(db_url, db):
    query = all_queries()["complete_game"]
    before = snapshot(db)
    with psycopg.connect(db_url) as conn, pytest.raises(RefusedError, match="game session 999 does not exist"):
        execute(conn, query, query.values({"game_session_id": "999", "answer": "x"}), writer("table", io.StringIO()))
    assert snapshot(db) == before


def test_status_summarises_and_lists_with_all(gamedb):
    status = gamedb("status")
    assert status.exit_code == 0
    assert status.stdout.splitlines()[-1].endswith("applied, 0 pending, 0 edited, 0 missing; migration lock: free")
    assert FIRST not in status.stdout
    listing = gamedb("status", "--all")
    assert f"applied | {FIRST}" in listing.stdout


def test_help_documents_the_exit_codes():
    help_text = CliRunner().invoke(cli, ["--help"]).output
    documented = [line.split()[0] for line in help_text.split("Exit codes:")[1].splitlines()
                  if line.strip()[:1].isdigit()]
    assert documented == ["0", "1", "2", "3", "4", "5", "75"]


def test_a_database_error_anywhere_is_one_line(gamedb, db):
    db.execute("alter table _yoyo_migration rename to _yoyo_migration_moved")
    db.execute("create view _yoyo_migration as select 1 as migration_id, now() as applied_at_utc")
    result = gamedb("status")
    assert result.exit_code == 4
    assert result.stderr.splitlines()[-1] == (
        "gamedb: error: database error [42804]: JOIN/USING types integer and text cannot be matched")
    assert "Traceback" not in result.output


# ---- streams, formats and the CLI reference------------------------------------------------------

def test_migrate_keeps_stdout_for_results_and_announces_each_step(empty_db_url):
    """On the fixture migrations, whose seed's CALL returns a row (the players it summed)."""
    seed = migration_that(r"^call ", FIXTURE_MIGRATIONS)  # the first migration whose statement returns rows
    ids = [m.id for m in local_migrations(FIXTURE_MIGRATIONS)]
    result = gamedb_on(FIXTURE_MIGRATIONS, empty_db_url, "migrate", "--to", seed.id, "--format", "json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)  # the seed's counts are not on stdout: only this object
    assert summary["action"] == "applied" and summary["migrations"] == ids[:ids.index(seed.id) + 1]
    lines = result.stderr.splitlines()
    assert lines[1] == f"applying {ids[0]} ..."
    assert lines[2].startswith(f"applied  {ids[0]}  (")
    assert f"applying {seed.id} ...\n  players_summed: 0\napplied  {seed.id}  (" in result.stderr  # as progress
    assert re.fullmatch(r"\d+ applied in [0-9.]+ s", lines[-1])
    again = gamedb_on(FIXTURE_MIGRATIONS, empty_db_url, "migrate", "--to", seed.id, "--format", "json")
    assert json.loads(again.stdout)["migrations"] == [] and "nothing to migrate" in again.stderr
    back = gamedb_on(FIXTURE_MIGRATIONS, empty_db_url, "rollback", "--format", "json")
    rolled_back = json.loads(back.stdout)
    assert (rolled_back["action"], rolled_back["migrations"]) == ("rolled back", [seed.id])


def test_status_check_and_query_list_print_documented_json(gamedb, db_url):
    status = json.loads(gamedb("status", "--format", "json").stdout)
    assert set(status) == {"applied", "pending", "edited", "missing", "lock", "problems", "migrations"}
    assert status["pending"] == 0 and status["lock"] is None
    assert status["migrations"][0] == {"state": "applied", "id": FIRST,
                                       "applied_at": status["migrations"][0]["applied_at"]}
    applied_at = datetime.fromisoformat(status["migrations"][0]["applied_at"])
    assert applied_at.utcoffset() == timedelta(0) and abs(datetime.now(timezone.utc) - applied_at) < timedelta(days=1)
    checked = json.loads(gamedb("check", "--format", "json").stdout)
    assert {c["invariant"] for c in checked} == {p.stem for p in INVARIANTS_DIR.glob("*.sql")}
    assert all(c["holds"] and c["broken_rows"] == 0 and c["rows"] == [] for c in checked)
    listed = json.loads(gamedb("query", "list", "--format", "json").stdout)
    assert {q["name"] for q in listed} == set(all_queries())
    assert set(listed[0]) == {"name", "mode", "parameters", "schedule", "description"}
    leaderboard = next(q for q in listed if q["name"] == "xp_leaderboard")
    period = next(p for p in leaderboard["parameters"] if p["name"] == "period")
    assert period["choices"] == all_queries()["xp_leaderboard"].params["period"].choices and period["choices"]
    assert all(set(p) == {"name", "type", "required", "default", "minimum", "maximum", "choices"}
               for q in listed for p in q["parameters"])


def test_one_cause_one_message_for_a_database_that_cannot_be_reached(empty_db_url):
    missing = empty_db_url.replace("/gamedb_empty_", "/no_such_db_")
    for command in (["migrate"], ["status"], ["check"]):
        result = gamedb_process(missing, *command)
        assert result.returncode == 4
        assert result.stderr.splitlines()[-1].startswith("gamedb: error: cannot connect to "), result.stderr


def test_a_read_query_piped_into_head_ends_quietly(db_url):
    result = subprocess.run(f"set -o pipefail; '{GAMEDB}' --database '{db_url}' query run settings_list | head -1",
                            shell=True, executable="/bin/bash", capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("key")
    assert "error" not in result.stderr


def test_load_demo_says_what_it_did(gamedb):
    first = gamedb("load-demo")
    assert "01_players_and_games.sql: " in first.stderr and "rows added" in first.stderr
    second = gamedb("load-demo")
    assert second.stderr.count("already loaded, nothing to do") == 4 and "rows added" not in second.stderr


def test_quiet_drops_the_banner_and_the_row_count(gamedb):
    loud = gamedb("query", "run", "settings_list", "--format", "csv")
    shown = len(loud.stdout.splitlines()) - 1  # the csv header
    assert "gamedb: database" in loud.stderr and f"settings_list: {shown} rows" in loud.stderr and shown >= 30
    quiet = gamedb("-q", "query", "run", "settings_list", "--format", "csv")
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == loud.stdout


def test_tables_align_numbers_show_null_and_fit_the_width(db_url):
    result = gamedb_process(db_url, "-q", "query", "run", "settings_list", env={"COLUMNS": "100"})
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100 and "…" in result.stdout
    expanded = gamedb_process(db_url, "-q", "query", "run", "settings_list", "-x", env={"COLUMNS": "100"})
    assert expanded.stdout.startswith("-[ RECORD 1 ]") and "key         | " in expanded.stdout
    from runner.output import table_text
    assert table_text(["n", "name"], [(5, None), (125, "x")]).splitlines() == [
        "  n | name", "----+-------", "  5 | (null)", "125 | x"]


def test_money_is_printed_exactly_in_every_format(gamedb, db):
    game = scalar(db, "select id from play.start_game(%s, 'intent_quest', 's')", [add_user(db, 77)])
    rewards = [("json", r'"amount": 15\.00'), ("jsonl", r'"amount": 15\.00'), ("csv", r",15\.00,"),
               ("table", r"\| +15\.00 \|")]
    db.execute("update play.game_sessions set status = 'completed', completed_at = now(), reward_status = 'pending',"
               " rewards_earned = '{\"amount\": 15, \"currency\": \"INR\"}' where id = %s", [game])
    for fmt, pattern in rewards:
        shown = gamedb("query", "run", "pending_rewards", "--format", fmt)
        assert re.search(pattern, shown.stdout), (fmt, shown.stdout)
    assert json.loads(gamedb("query", "run", "pending_rewards", "--format", "json").stdout)[0]["amount"] == 15


def test_version_help_and_completion(db_url):
    assert gamedb_process(db_url, "--version").stdout.strip() == f"gamedb {version('gamedb')}"
    assert "Usage: gamedb [OPTIONS] COMMAND" in gamedb_process(db_url, "-h").stdout
    completion = subprocess.run([GAMEDB], env={**os.environ, "_GAMEDB_COMPLETE": "bash_complete",
                                               "COMP_WORDS": "gamedb query run xp_lea", "COMP_CWORD": "3"},
                                capture_output=True, text=True)
    assert completion.stdout.split() == ["plain,xp_leaderboard"]
    params = subprocess.run([GAMEDB], env={**os.environ, "_GAMEDB_COMPLETE": "bash_complete",
                                           "COMP_WORDS": "gamedb query run xp_leaderboard -p per", "COMP_CWORD": "5"},
                            capture_output=True, text=True)
    assert params.stdout.split() == ["plain,period="]


def test_psql_opens_on_the_database_in_use(db_url):
    result = gamedb_process(db_url, "-q", "psql", "-At", "-c", "select current_database()")
    assert result.returncode == 0 and result.stdout.strip() == re.search(r"@/([^?]+)", db_url).group(1)


def test_try_rules_shows_every_bad_write_refused(gamedb):
    assert gamedb("load-demo").exit_code == 0
    shown = gamedb("-q", "try-rules")
    assert shown.exit_code == 0, shown.output
    assert len(shown.stdout.splitlines()) == len(ATTEMPTS) >= 8 and all(" refused: " in line for line in shown.stdout.splitlines())


def test_try_rules_fails_when_it_cannot_try_as_the_application(db_url, admin, db):
    """A login that may not become gamedb_app cannot try anything: exit 4 with one line, never a pass."""
    login = f"try_rules_{os.getpid()}"
    admin.execute(f"create role {login} login in role gamedb_owner")
    try:
        url = re.sub(r"postgresql://[^@]*@", f"postgresql://{login}@", db_url)
        before = snapshot(db)
        result = CliRunner().invoke(cli, ["-q", "--database", url, "try-rules"])
        assert result.exit_code == 4 and result.stdout == ""
        assert result.stderr.strip().splitlines() == [
            "gamedb: error: try-rules could not set up 'disable a system-critical chat flow':"
            ' permission denied to set role "gamedb_app"']
        assert snapshot(db) == before
    finally:
        admin.execute(f"drop role {login}")


def test_the_demo_fits_in_100_columns(db_url):
    recipe = Path("Makefile").read_text().split("\ndemo: postgres")[1].split("\n\n")[0]
    commands = [shlex.split(line.strip().removeprefix("$(GAMEDB)")) for line in recipe.splitlines()
                if line.strip().startswith("$(GAMEDB)")]
    assert len(commands) > 10
    for command in commands:
        result = CliRunner(env={"COLUMNS": "100"}).invoke(cli, ["--database", db_url, *command])
        assert result.exit_code == 0, (command, result.output)
        for line in (result.stdout + result.stderr).splitlines():
            assert len(line) <= 100 or line.startswith("gamedb: database postgresql://"), (command, line)


def synopsis(command, path="gamedb") -> list[str]:
    """One line per command, `gamedb PATH [--option VALUE] ...`, as docs/cli.md lists them, from the CLI itself."""
    words = [path]
    for param in command.params:
        if isinstance(param, click.Argument):
            words.append(param.human_readable_name + ("..." if param.nargs == -1 else ""))
        elif param.name not in ("help", "version"):
            flag = max(param.opts, key=len)
            value = "" if param.is_flag else " " + param.make_metavar(click.Context(command)).strip("[]")
            words.append(f"[{flag}{value}{' ...' if param.multiple else ''}]")
    if isinstance(command, click.Group):
        head = [" ".join(words + ["COMMAND"])] if path == "gamedb" else []
        return head + [line for name, sub in command.commands.items() for line in synopsis(sub, f"{path} {name}")]
    return [" ".join(words)]


def test_the_cli_reference_lists_every_command_as_the_cli_defines_it():
    readme = Path("docs/cli.md").read_text(encoding="utf-8")
    block = readme.split("## The CLI\n\n```\n", 1)[1].split("```", 1)[0]
    expected = "\n".join(synopsis(cli)) + "\n"
    assert block == expected, "docs/cli.md's CLI block is stale; it should read:\n" + expected


def test_help_and_version_do_not_import_the_database_stack():
    loaded = subprocess.run([sys.executable, "-c", "import sys; from runner.cli import cli; "
                             "print(sorted(m for m in ('psycopg', 'yoyo', 'jinja2') if m in sys.modules))"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


def on_a_terminal(db_url, *args) -> str:
    """gamedb's stderr when it is a terminal (a pseudo-terminal), stdout piped."""
    import pty
    leader, follower = pty.openpty()
    process = subprocess.Popen([GAMEDB, "--database", db_url, *args], stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal is gone: the process ended
            break
        if not chunk:
            break
        seen += chunk
    process.wait(timeout=120)
    os.close(leader)
    return seen.decode()


def test_long_work_shows_progress_on_a_terminal_and_nothing_in_cron(empty_db_url, db_url):
    upto = local_migrations()[5].id
    shown = on_a_terminal(empty_db_url, "migrate", "--to", upto)
    assert "\rmigrations: 1/6 done" in shown.replace("\x1b[K", "") and "ETA" in shown
    assert "migrations: 6/6 done" in shown
    piped = gamedb_process(empty_db_url, "migrate")  # the rest
    assert piped.returncode == 0 and "applied  " in piped.stderr
    assert "\r" not in piped.stderr and "ETA" not in piped.stderr
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("insert into chat.conversation_logs (session_id, user_message, created_at)"
                     " select 'old', 'hi', now() - interval '400 days' from generate_series(1, 5)")
    batches = on_a_terminal(db_url, "query", "run", "apply_retention", "-p", "batch_size=2", "--repeat")
    assert "\rapply_retention (until a batch returns no rows): 2 rows" in batches.replace("\x1b[K", "")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to try the socket as another user")
def test_no_other_user_of_the_machine_reaches_the_throwaway_server(server, admin):
    """The throwaway server trusts local connections, so its socket is its own OS user's alone: another
    user (here `nobody`) is refused at the socket, before PostgreSQL is asked."""
    assert admin.execute("show unix_socket_permissions").fetchone() == ("0700",)
    tried = subprocess.run(["runuser", "-u", "nobody", "--", str(server.bindir / "psql"), "-X", "-w",
                            "-c", "select 1", server.conninfo("postgres")], capture_output=True, text=True)
    assert tried.returncode != 0 and "Permission denied" in tried.stderr, tried.stderr
