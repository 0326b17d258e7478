"""Running a scheduled job as cron does, and keeping its history (core.job_runs).

The history row is written on a connection of its own, in autocommit: it
is there from the start ('running') and records the end whatever the job's
own transaction did.
"""

import socket

from runner.db import connect
from runner.errors import EXIT_BUSY, EXIT_OK, BusyError, GamedbError


class JobHistory:
    """One run's row in core.job_runs."""

    def __init__(self, url: str, job):
        self.conn = connect(url, autocommit=True)
        self.id = self.conn.execute(
            "insert into core.job_runs (job, hostname, max_interval) values (%s, %s, %s) returning id",
            [job.name, socket.gethostname(), job.schedule.max_interval()]).fetchone()[0]

    def finish(self, outcome: str, exit_code: int, rows: int | None = None, runs: int | None = None,
               error: str | None = None) -> None:
        self.conn.execute(
            "update core.job_runs set finished_at = clock_timestamp(), outcome = %s, exit_code = %s,"
            " rows_returned = %s, runs = %s, error = %s where id = %s",
            [outcome, exit_code, rows, runs, error, self.id])
        self.conn.close()


def run_recorded(url: str, job, work) -> tuple[int, int]:
    """Run `work()` (it returns (rows, runs)) as `job`, recording how it ended; errors propagate."""
    history = JobHistory(url, job)
    try:
        rows, runs = work()
    except BusyError as exc:
        history.finish("busy", EXIT_BUSY, error=exc.message)
        raise
    except GamedbError as exc:
        history.finish("failed", exc.exit_code, error=exc.message)
        raise
    except BaseException as exc:
        history.finish("failed", 1, error=f"{type(exc).__name__}: {exc}"[:1000])
        raise
    history.finish("succeeded", EXIT_OK, rows, runs)
    return rows, runs


def job_health(url: str) -> list[tuple]:
    """Per job that has run: (job, last started, last outcome, last success, late)."""
    with connect(url) as conn:
        return conn.execute(
            "select job, last_started_at, last_outcome, last_succeeded_at, late from core.job_health").fetchall()
