"""Errors a user can act on, each with the exit code the README documents.

Exit codes (stable; cron wrappers and deploy pipelines rely on them):
  0   success
  1   `check` found a broken rule, or `status --exit-code` found pending work
  2   usage: unknown command, query or parameter, or a value of the wrong type
  3   refused by a database rule (constraint, trigger, rule function);
      the transaction was rolled back and the data is unchanged
  4   database error: cannot connect, SQL error, lock timeout after retries;
      or the output was closed before every row was written (nothing committed)
  5   migration history needs attention: an applied migration was edited or
      is missing, or a stale migration lock is held
  75  busy: another run of the same write query holds its lock (try later)
"""

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3
EXIT_DATABASE = 4
EXIT_HISTORY = 5
EXIT_BUSY = 75


class GamedbError(Exception):
    exit_code = EXIT_DATABASE

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UsageError(GamedbError):
    exit_code = EXIT_USAGE


class RefusedError(GamedbError):
    exit_code = EXIT_REFUSED


class DatabaseError(GamedbError):
    exit_code = EXIT_DATABASE


class HistoryError(GamedbError):
    exit_code = EXIT_HISTORY


class BusyError(GamedbError):
    exit_code = EXIT_BUSY


class OutputClosedError(GamedbError):
    """The reader of our output went away (e.g. `| head`).

    After a read query that is how a pipe ends (exit 0, no message, as psql);
    after a write query nothing was committed (exit 4).
    """

    def __init__(self, message: str, exit_code: int = EXIT_DATABASE):
        super().__init__(message)
        self.exit_code = exit_code
