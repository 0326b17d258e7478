"""Scheduled jobs: the schedule in the query headers, the crontab, the run history, lock policy."""

import datetime as dt
import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from runner.errors import UsageError
from runner.queries import all_queries, parse_query
from runner.schedule import Schedule, jobs_in_order
from tests.helpers import GAMEDB, add_user, broken_invariants, gamedb_process, pg_cron_available, run_at_once, snapshot

def test_every_schedule_in_the_headers_holds_and_orders_the_jobs():
    jobs = [j.name for j in jobs_in_order(all_queries())]
    assert len(jobs) >= 15
    assert jobs.index("refresh_vote_graph") < jobs.index("detect_abuse") < jobs.index("recompute_trust_scores")
    batch = next(j for j in jobs_in_order(all_queries()) if j.name == "export_training_batch")
    assert batch.values_now(dt.date(2026, 11, 23)) == {"batch_id": "batch-2026-11-23"}


@pytest.mark.parametrize("lines, message", [
    (["-- schedule: 61 * * * *"], "minute '61' is outside 0-59"),
    (["-- schedule: * * *"], "needs five fields"),
    (["-- schedule: 0 * * * *", "-- schedule-param: colour=red"], "expected NAME=VALUE with a parameter"),
    (["-- schedule: 0 * * * *", "-- schedule-param: n=ten"], "expected int"),
    (["-- schedule-param: n=1"], "without a schedule"),
    (["-- schedule: 0 * * * *", "-- schedule-repeat: yes"], "for write queries"),
])
def test_a_bad_schedule_is_refused_when_read(tmp_path, lines, message):
    path = tmp_path / "job.sql"
    path.write_text("-- name: job\n-- description: x\n-- mode: read\n-- param: n int = 1\n" + "\n".join(lines)
                    + "\nselect {{ n }} as n\n")
    with pytest.raises(UsageError, match=message):
        parse_query(path)


def test_the_longest_gap_of_a_schedule():
    assert Schedule("*/5 * * * *").max_interval() == dt.timedelta(minutes=5)
    assert Schedule("0 3 * * *").max_interval() == dt.timedelta(days=1)
    assert Schedule("0 9 * * 1-5").max_interval() == dt.timedelta(days=3)


def test_the_crontab_runs_every_job_and_each_run_is_recorded(db_url, gamedb):
    assert gamedb("load-demo").exit_code == 0
    crontab = gamedb_process(db_url, "-q", "cron").stdout
    lines = [line for line in crontab.splitlines() if line and not line.startswith("#")]
    assert len(lines) == len(jobs_in_order(all_queries()))
    commands = [shlex.split(line.split("#")[0])[5:] for line in lines]
    assert {command[0] for command in commands} == {GAMEDB}  # this gamedb, by its full path
    # The first line as cron runs it: a process of its own, the database from the environment. The
    # others, in order, with the same arguments in this process (half a second less each: a process
    # start, and the database taken from the environment, are what the first already shows).
    first = subprocess.run(commands[0], capture_output=True, text=True, timeout=300,
                           env={**os.environ, "DATABASE_URL": db_url})
    assert first.returncode == 0, (lines[0], first.stderr)
    for line, command in zip(lines[1:], commands[1:]):
        result = gamedb(*command[1:])
        assert result.exit_code == 0, (line, result.output)
    with psycopg.connect(db_url) as conn:
        runs = dict(conn.execute("select job, outcome from core.job_runs").fetchall())
    assert runs == {j.name: "succeeded" for j in jobs_in_order(all_queries())}
    listed = json.loads(gamedb_process(db_url, "-q", "jobs", "--format", "json").stdout)
    assert all(j["last_outcome"] == "succeeded" and j["late"] is False for j in listed)
    assert "jobs_on_time" not in broken_invariants(gamedb)


def test_busy_and_failed_runs_are_recorded(db_url):
    with psycopg.connect(db_url, autocommit=True) as holder:
        holder.execute("select pg_advisory_lock(hashtextextended('gamedb.query.refresh_vote_graph', 0))")
        busy = gamedb_process(db_url, "job", "run", "refresh_vote_graph")
        assert busy.returncode == 75
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("alter table community.vote_graph rename to vote_graph_gone")
    failed = gamedb_process(db_url, "job", "run", "refresh_vote_graph")
    assert failed.returncode == 4
    with psycopg.connect(db_url) as conn:
        assert conn.execute("select outcome, exit_code, error is not null, finished_at is not null"
                            " from core.job_runs order by id").fetchall() == [
            ("busy", 75, True, True), ("failed", 4, True, True)]
    assert gamedb_process(db_url, "job", "run", "xp_leaderboard").returncode == 2  # not a job


def test_a_late_job_is_reported(db_url, gamedb):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("insert into core.job_runs (job, started_at, finished_at, outcome, exit_code, hostname,"
                     " max_interval) values ('process_event_log', now() - interval '1 hour',"
                     " now() - interval '1 hour', 'succeeded', 0, 'h', interval '1 minute')")
    assert broken_invariants(gamedb) == {"jobs_on_time"}
    assert gamedb_process(db_url, "-q", "jobs").returncode == 1


def test_application_calls_run_side_by_side_and_never_exit_75(db_url, db):
    users = [add_user(db, 8000 + n) for n in range(12)]
    results = run_at_once(db_url, *[
        ["query", "run", "award_xp", "-p", f"user_id={user}", "-p", "event_type=ANSWER_ACCEPTED",
         "-p", "base_xp=10", "-p", "reason=answer"] for user in users])
    assert [code for code, _, _ in results] == [0] * len(users), results
    assert db.execute("select count(*), sum(total_xp) from core.users where id = any(%s)", [users]).fetchone() == (
        len(users), 10 * len(users))


def test_log_format_json_writes_one_object_per_line_on_stderr(db_url):
    result = gamedb_process(db_url, "--log-format", "json", "job", "run", "refresh_vote_graph")
    events = [json.loads(line) for line in result.stderr.splitlines()]
    assert result.returncode == 0 and {e["level"] for e in events} == {"info"}
    assert any(e["message"].startswith("refresh_vote_graph: ") for e in events)
    failed = gamedb_process(db_url, "--log-format", "json", "query", "run", "no_such")
    (event,) = [json.loads(line) for line in failed.stderr.splitlines()]
    assert event["level"] == "error" and event["exit_code"] == 2 and "no_such" in event["message"]


JOBS_TABLE_START = "<!-- jobs: generated from the query headers, checked by tests/test_jobs.py -->"


def jobs_table() -> str:
    lines = ["| job | schedule | after | parameters | role | repeat | pg_cron |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for job in jobs_in_order(all_queries()):
        params = ", ".join(f"`{name}={value}`" for name, value in job.params.items())
        lines.append(f"| `{job.name}` | `{job.schedule.text}` | {', '.join(job.after)} | {params} "
                     f"| {job.role or ''} | {'yes' if job.repeat else ''} | {'no: delivers rows' if job.delivers else 'yes'} |")
    return "\n".join(lines) + "\n"


def test_the_operations_page_lists_the_jobs_as_the_headers_say():
    readme = Path("docs/operations.md").read_text(encoding="utf-8")
    assert JOBS_TABLE_START in readme
    written = readme.split(JOBS_TABLE_START + "\n", 1)[1].split("\n\n", 1)[0] + "\n"
    assert written == jobs_table(), "docs/operations.md is stale; the jobs table should read:\n" + jobs_table()


# ---- pg_cron ------------------------------------------------------------------------------

def pg_cron_calls(script: str) -> dict[str, str]:
    """job -> the command pg_cron will run for it, read from `gamedb cron --pg-cron`."""
    return dict(re.findall(r"'gamedb\.(\w+)', '[^']*',\n    \$cron\$(.*?)\$cron\$", script, re.DOTALL))


def test_every_pg_cron_command_runs_in_the_database_as_the_runner_would(db_url, gamedb):
    assert gamedb("load-demo").exit_code == 0
    script = gamedb_process(db_url, "-q", "cron", "--pg-cron").stdout
    calls = pg_cron_calls(script)
    delivered = {j.name for j in jobs_in_order(all_queries()) if j.delivers}
    assert delivered == {"export_training_batch"} and "export_training_batch: left to the crontab" in script
    assert set(calls) == {j.name for j in jobs_in_order(all_queries())} - delivered
    assert "'batch-' || current_date::text" not in script  # only an exported batch names a date, and it stays out
    with psycopg.connect(db_url, autocommit=True) as conn:
        for job in (j.name for j in jobs_in_order(all_queries()) if j.name in calls):  # in dependency order
            conn.execute(calls[job])
        runs = conn.execute("select job, outcome, exit_code, hostname from core.job_runs order by id").fetchall()
    assert sorted(runs) == sorted((job, "succeeded", 0, "pg_cron") for job in calls)
    assert "jobs_on_time" not in broken_invariants(gamedb)


def test_an_in_database_run_that_is_busy_or_fails_is_recorded_and_changes_nothing(db_url, db):
    calls = pg_cron_calls(gamedb_process(db_url, "-q", "cron", "--pg-cron").stdout)
    user = add_user(db, 8100)
    db.execute("insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason)"
               " values (%s, 'ANSWER_ACCEPTED', 10, 10, 'answer')", [user])
    with psycopg.connect(db_url, autocommit=True) as holder, psycopg.connect(db_url, autocommit=True) as cron:
        holder.execute("select pg_advisory_lock(hashtextextended('gamedb.query.refresh_vote_graph', 0))")
        cron.execute(calls["refresh_vote_graph"])
        holder.execute("select pg_advisory_unlock_all()")
        before = {table: rows for table, rows in snapshot(db).items() if table != "core.job_runs"}
        # a statement that fails half way: the batch is undone whole, only the run's record stays
        cron.execute("call core.run_job('snapshot_leaderboard', 'insert into core.users (php_user_id)"
                     " values (424242); select 1 / 0', '1 day')")
        assert {table: rows for table, rows in snapshot(db).items() if table != "core.job_runs"} == before
        cron.execute("call core.run_job('apply_retention', $$select 1 where false$$, '5 minutes', true, 'gamedb_app')")
    assert db.execute("select job, outcome, exit_code, error, rows_returned, runs from core.job_runs order by id"
                      ).fetchall() == [
        ("refresh_vote_graph", "busy", 75, "job refresh_vote_graph is already running elsewhere; nothing was done",
         None, None),
        ("snapshot_leaderboard", "failed", 3, "[22012] division by zero", None, None),
        ("apply_retention", "succeeded", 0, None, 0, 1)]


def test_the_application_cannot_call_the_in_database_runner(login_as):
    app = login_as("gamedb_app")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute("call core.run_job('x', 'select 1', '1 minute')")


@pytest.mark.skipif(not pg_cron_available(),
                    reason="pg_cron is not installed for this PostgreSQL (Debian: apt-get install postgresql-15-cron)")
def test_install_schedules_every_job_in_pg_cron_and_uninstall_removes_them(empty_db_url, db_url, admin, gamedb):
    """On the suite's server, which preloads pg_cron when it is installed (tests/conftest.py)."""
    refused = gamedb("-q", "cron", "--install", database=empty_db_url)
    assert refused.exit_code == 4 and "core.run_job is missing: run `gamedb migrate` first" in refused.stderr
    not_created = gamedb("-q", "cron", "--install")
    assert "`create extension pg_cron` in database postgres" in not_created.stderr
    dbname = conninfo_to_dict(db_url)["dbname"]
    admin.execute("create extension pg_cron")
    try:
        for _ in range(2):  # installing again replaces, never doubles
            installed = gamedb("cron", "--install")
            assert installed.exit_code == 0, installed.output
        expected = pg_cron_calls(gamedb("-q", "cron", "--pg-cron").stdout)
        assert f"{len(expected)} gamedb jobs scheduled; left to the crontab: export_training_batch" in installed.stderr
        scheduled = admin.execute("select jobname, schedule, command, database from cron.job order by jobname")
        scheduled = scheduled.fetchall()
        assert {name.removeprefix("gamedb."): command for name, _, command, _ in scheduled} == expected
        schedules = {j.name: j.schedule.text for j in jobs_in_order(all_queries())}
        assert all(schedules[name.removeprefix("gamedb.")] == when and db == dbname
                   for name, when, _, db in scheduled)
        admin.execute("update cron.job set active = false")  # pg_cron's own runs would mix with ours
        with psycopg.connect(db_url, autocommit=True) as conn:  # what pg_cron runs, as it runs it
            before = conn.execute("select coalesce(max(id), 0) from core.job_runs").fetchone()[0]
            conn.execute(scheduled[0][2])
            assert conn.execute("select job, outcome from core.job_runs where id > %s", [before]).fetchall() == [
                (scheduled[0][0].removeprefix("gamedb."), "succeeded")]
        assert gamedb("-q", "cron", "--uninstall").exit_code == 0
        assert admin.execute("select count(*) from cron.job").fetchone()[0] == 0
    finally:
        admin.execute("drop extension pg_cron")


def test_the_community_jobs_of_the_operations_page_are_jobs_as_the_headers_say():
    """Each computation the "Community jobs" table of docs/operations.md names is written by a scheduled job."""
    readme = Path("docs/operations.md").read_text(encoding="utf-8")
    section = readme.split("## Community jobs\n", 1)[1].split("\n## ", 1)[0]
    writers = re.findall(r"^\| [^|]+ \| `(\w+)` \|", section, re.MULTILINE)
    assert len(writers) >= 4
    assert set(writers) <= {j.name for j in jobs_in_order(all_queries())}
