"""Scheduled jobs: the schedule in the query headers, the crontab, the run history, lock policy."""

import datetime as dt
import json
import os
import shlex
import subprocess
from pathlib import Path

import psycopg
import pytest

from runner.errors import UsageError
from runner.queries import all_queries, parse_query
from runner.schedule import Schedule, jobs_in_order
from tests.helpers import add_user, broken_invariants, gamedb_process, run_at_once

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
    for line in lines:
        command = shlex.split(line.split("#")[0])[5:]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300,
                                env={**os.environ, "DATABASE_URL": db_url})
        assert result.returncode == 0, (line, result.stderr)
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


README_JOBS_START = "<!-- jobs: generated from the query headers, checked by tests/test_jobs.py -->"


def jobs_table() -> str:
    lines = ["| job | schedule | after | parameters | role | repeat |", "| --- | --- | --- | --- | --- | --- |"]
    for job in jobs_in_order(all_queries()):
        params = ", ".join(f"`{name}={value}`" for name, value in job.params.items())
        lines.append(f"| `{job.name}` | `{job.schedule.text}` | {', '.join(job.after)} | {params} "
                     f"| {job.role or ''} | {'yes' if job.repeat else ''} |")
    return "\n".join(lines) + "\n"


def test_the_readme_lists_the_jobs_as_the_headers_say():
    readme = Path("README.md").read_text(encoding="utf-8")
    assert README_JOBS_START in readme
    written = readme.split(README_JOBS_START + "\n", 1)[1].split("\n\n", 1)[0] + "\n"
    assert written == jobs_table(), "README.md is stale; the jobs table should read:\n" + jobs_table()
