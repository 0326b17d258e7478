"""`make bench`: gamedb at production size on the project's throwaway PostgreSQL.

Builds production-like data with SQL (bench/data.sql) at a scale factor
(SCALE=1: about 1M users, 10M XP ledger rows, 5M votes, 2M conversation
logs), then measures, prints one table and writes bench/out/bench.json and
bench/out/bench.png:

- `gamedb migrate` from empty versus `psql -1 -f` of the same SQL;
- retention: processed events removed by apply_retention's batched DELETE
  versus as many dropped with their partition by maintain_partitions;
- every change migration after the baseline applied with the data present
  while a second connection keeps inserting: the longest stall that writer
  saw, per migration (target: under 100 ms), beside its longest transaction
  in the second it ran alone just before (the machine's share);
- the cron queries and the hot application queries: p50 and p95 over
  repeated runs, and whether the plan uses an index;
- the training export: rows per second versus psql's \\copy of the same
  SELECT, and the runner's peak memory.

It only ever uses databases named gamedb_bench* on the project's own server
(never DATABASE_URL): they are dropped and rebuilt on every run.
"""

import contextlib
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
from psycopg import sql

from runner import PROJECT_ROOT
from runner.localpg import find_bindir, project_server
from runner.migrate import Migrator, Settings, local_migrations, split_statements
from runner.execute import JSON_LINES_COPY, execute
from runner.queries import all_queries, find_query
from runner.schedule import jobs_in_order

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
STALL_TARGET_MS = 100
# Before each migration the writer runs alone this long: its longest transaction then is what the
# machine does to it (checkpoints, autovacuum, other load), to read the stall under the migration against.
ALONE_S = 1.0

# Rows per unit of scale. SCALE=1 is the production-like size of the issue.
SIZES = {
    "users": 1_000_000, "game_sessions": 1_000_000, "conversation_logs": 2_000_000,
    "conversation_memory": 2_000_000, "behavior_logs": 2_000_000, "training_samples": 1_000_000,
    # Enrolments, each with four lessons' progress, a quiz attempt for half, a certificate for a fifth.
    "enrollments": 500_000,
    "doubts": 200_000, "answers": 1_000_000, "answer_votes": 4_000_000, "doubt_votes": 1_000_000,
    "xp_ledger": 10_000_000, "quests": 10_000, "event_logs": 200_000,
    # Near-duplicate detection compares each new item with the items sharing a bucket.
    "embeddings": 100_000,
}
# The last file of the baseline: the data is loaded onto it, and the change migrations after it run
# under the writer.
BASELINE = "0012_core_table_access"

HOT_QUERIES = {  # name -> parameters; run RUNS_HOT times each
    "next_question": {"user_id": "17", "game_type": "intent_quest"},
    "start_game": {"user_id": "{user}", "game_type": "intent_quest", "session_id": "bench-{n}"},
    "xp_leaderboard": {"period": "week"},
    "marketplace_browse": {"age": "8"},
    "pending_rewards": {"max_rows": "100"},
    "abuse_flags_pending": {},
}
# Every scheduled job with its header's parameters (the one schedule, queries/*.sql);
# run RUNS_CRON times each (the first run may do the most work).
CRON_QUERIES = {job.name: job.values_now() for job in jobs_in_order(all_queries())}
RUNS_HOT, RUNS_CRON = 30, 3


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def render_sizes(text: str, sizes: dict) -> str:
    """Replace :name (not ::casts) by the integer size of that name."""
    return re.sub(r"(?<![:\w]):(\w+)", lambda m: str(sizes[m.group(1)]) if m.group(1) in sizes else m.group(0), text)


class Writer(threading.Thread):
    """A second connection inserting into the hot tables, one short transaction after another.

    It records how long each transaction took; a migration that blocks it
    shows up as a long one (a stall). A transaction that fails (a migration
    changed a table under it) is counted, and its time counts as stalled.
    """

    def __init__(self, url: str, users: int):
        super().__init__(daemon=True)
        self.url = url
        self.samples: list[tuple[float, float]] = []  # (start, end) monotonic seconds
        self.stop_event = threading.Event()
        self.errors = 0
        user = f"1 + floor({users} * random() ^ 3)::bigint"
        # A scalar subquery: evaluated once, so the key's index is used (random() in the WHERE
        # itself would be evaluated for every row, a scan of all progress and enrolments).
        enrolment = "(select 1 + floor(1000 * random())::bigint)"
        # The learner's progress and quiz attempt first: put before the others, they do not lengthen
        # how long the others' row locks are held.
        self.statements = [
            "insert into core.users (php_user_id) values (null)",
            f"update learn.lesson_progress set progress_percent = progress_percent % 99 + 1"
            f" where id = {enrolment} and completed_at is null",
            f"insert into learn.quiz_attempts (enrollment_id, score)"
            f" select e.id, 60 from learn.enrollments as e where e.id = {enrolment}",
            f"insert into play.game_sessions (session_id, user_id, game_type) values"
            f" ('writer', {user}, 'intent_quest')",
            "insert into chat.conversation_logs (session_id, user_message) values ('writer', 'hi')",
            f"insert into chat.conversation_memory (user_id, role, content) values ({user}, 'user', 'hi')",
            f"insert into learn.behavior_logs (user_id, action) values ({user}, 'lesson_opened')",
            f"insert into core.event_logs (event_type, user_id, metadata) values ('writer', {user}, '{{}}')",
            f"insert into community.answer_votes (answer_id, voter_id, value)"
            f" values (1 + floor(random() * 1000)::bigint, {user}, 1) on conflict do nothing",
            f"insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason)"
            f" values ({user}, 'WRITER', 5, 5, 'writer')",
        ]

    def run(self) -> None:
        with psycopg.connect(self.url) as conn:
            while not self.stop_event.is_set():
                started = time.monotonic()
                try:
                    with conn.transaction():
                        for statement in self.statements:
                            conn.execute(statement)
                except psycopg.Error:
                    self.errors += 1
                self.samples.append((started, time.monotonic()))
                time.sleep(0.005)

    def wait_past(self, moment: float) -> None:
        """Wait until a transaction that started after `moment` has finished: one blocked by a
        migration may end only after the migration does, and must be counted."""
        deadline = time.monotonic() + 120
        while not (self.samples and self.samples[-1][0] > moment) and time.monotonic() < deadline:
            time.sleep(0.01)

    def longest_ms(self, since: float, until: float) -> float:
        overlapping = [end - start for start, end in self.samples if end >= since and start <= until]
        return round(1000 * max(overlapping, default=0.0), 1)

    def longest_within_ms(self, since: float, until: float) -> float:
        """The longest transaction that started and ended inside the window."""
        inside = [end - start for start, end in self.samples if start >= since and end < until]
        return round(1000 * max(inside, default=0.0), 1)

    def typical_ms(self) -> dict:
        """The writer's own latency over the whole run, to read the stalls against."""
        latencies = [1000 * (end - start) for start, end in self.samples]
        return {"p50": round(statistics.median(latencies), 2), "p99": round(percentile(latencies, 99), 2)}


class Bench:
    def __init__(self, scale: float):
        self.scale = scale
        self.sizes = {name: max(1, int(size * scale)) for name, size in SIZES.items()}
        self.sizes["embeddings"] = max(50, self.sizes["embeddings"])
        self.sizes["quests"] = max(100, self.sizes["quests"])
        self.server = project_server(PROJECT_ROOT)
        self.server.start()
        self.results: dict = {"scale": scale, "sizes": self.sizes, "machine": machine()}

    def fresh_database(self, name: str) -> str:
        with psycopg.connect(self.server.conninfo("postgres"), autocommit=True) as admin:
            admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))
            admin.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
        return self.server.url(name)

    def load(self, url: str) -> float:
        """bench/data.sql statement by statement, each committed (the ledger's load commits in batches)."""
        started = time.monotonic()
        with psycopg.connect(url, autocommit=True) as conn:
            for statement in split_statements(render_sizes((BENCH_DIR / "data.sql").read_text(), self.sizes)):
                conn.execute(statement)
            conn.execute("vacuum analyze")
        return time.monotonic() - started

    # ---- retention: events deleted in batches, or dropped with their partition -------------------

    def retention_by_partition(self) -> None:
        """Processed events of last month, in the event log's `_before` partition, in two equal halves:
        the first removed by apply_retention's batched DELETE, the second dropped whole, with the
        partition, by maintain_partitions. Same rows, same run; both jobs as scheduled (gamedb_app)."""
        url = self.fresh_database("gamedb_bench_retention")
        with Migrator(url, Settings(), lambda _m: None) as migrator:
            migrator.migrate()
        rows = 5 * self.sizes["event_logs"]  # per half
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("insert into core.users (php_user_id) select n from generate_series(1, 10000) as n")
            last_month = conn.execute("select date_trunc('month', now()) - interval '1 month'").fetchone()[0]
            for first_day in (0, 15):  # days 0-9 and 15-24 of last month, each processed a minute later
                conn.execute("insert into core.event_logs (event_type, user_id, metadata, emitted_at, processed_at)"
                             " select 'bench', 1 + n %% 10000, '{\"n\": 1}', e.at, e.at + interval '1 minute'"
                             " from generate_series(1, %s) as n, lateral (select %s + make_interval(days => %s)"
                             " + interval '1 second' * (n %% 864000) as at) as e", [rows, last_month, first_day])
            conn.execute("vacuum analyze core.event_logs")
            # A retention in whole days that falls between the halves (day 12 of last month).
            days = conn.execute("select current_date - (%s + interval '12 days')::date", [last_month]).fetchone()[0]
            conn.execute("select core.set_setting('retention_event_log_days', %s, 'bench')", [str(days)])
            retention = find_query("apply_retention")
            started, batches = time.monotonic(), 0
            while execute(conn, retention, retention.values({}), lambda _columns, tables: sum(1 for _ in tables),
                          role="gamedb_app"):
                batches += 1
            delete_s = time.monotonic() - started
            left = conn.execute("select count(*) from core.event_logs_before").fetchone()[0]
            # The whole partition past retention: it ends at this month's start, which a retention of one
            # day (the least) reaches on every day but a month's first.
            conn.execute("select core.set_setting('retention_event_log_days', '1', 'bench')")
            upkeep = find_query("maintain_partitions")
            started = time.monotonic()
            dropped = []
            execute(conn, upkeep, upkeep.values({}),
                    lambda _columns, actions: dropped.extend(a for a in actions if a[2] == "dropped"),
                    role="gamedb_app")
            drop_s = time.monotonic() - started
        if left != rows or [a[1] for a in dropped] != ["core.event_logs_before"]:
            raise SystemExit(f"bench: retention left {left} of {rows} events and dropped {dropped}: not one half each")
        self.results["retention"] = {"events_per_half": rows, "batched_delete_s": round(delete_s, 2),
                                     "delete_batches": batches, "partition_drop_s": round(drop_s, 3),
                                     "ratio": round(drop_s / delete_s, 4)}
        say(f"retention of {rows} events: batched DELETE {delete_s:.1f}s, partition drop {drop_s * 1000:.0f} ms")

    # ---- migrate versus psql -1 -f, the CLI's start-up -------------------------------------------

    def migrate_versus_psql(self, runs: int = 5) -> None:
        """`gamedb migrate` from empty against psql running the same SQL in one transaction: medians."""
        gamedb = Path(sys.executable).parent / "gamedb"
        # The same SQL in one transaction. CONCURRENTLY cannot run inside one and is left out, which on
        # empty tables changes nothing.
        script = OUT_DIR / "all_migrations.sql"
        script.write_text("\n".join(re.sub(r"\bconcurrently\b", "", m.path.read_text(), flags=re.IGNORECASE)
                                    for m in local_migrations()))
        migrate_runs, psql_runs = [], []
        for _ in range(runs):
            url = self.fresh_database("gamedb_bench_migrate")
            started = time.monotonic()
            subprocess.run([gamedb, "--database", url, "migrate"], check=True, capture_output=True)
            migrate_runs.append(time.monotonic() - started)
            self.fresh_database("gamedb_bench_psql")
            started = time.monotonic()
            subprocess.run([find_bindir() / "psql", "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-f", str(script),
                            self.server.conninfo("gamedb_bench_psql")], check=True, capture_output=True)
            psql_runs.append(time.monotonic() - started)
        migrate_s, psql_s = statistics.median(migrate_runs), statistics.median(psql_runs)
        self.results["migrate_from_empty"] = {
            "gamedb_migrate_s": round(migrate_s, 2), "psql_single_transaction_s": round(psql_s, 2),
            "ratio": round(migrate_s / psql_s, 2), "migrations": len(local_migrations()), "runs": runs}
        say(f"migrate from empty: median {migrate_s:.2f}s, psql -1 -f {psql_s:.2f}s, ratio {migrate_s / psql_s:.2f}")

    def start_up(self, runs: int = 10) -> None:
        """The CLI's start-up against the interpreter's and psql's: medians."""
        gamedb = str(Path(sys.executable).parent / "gamedb")
        url = self.server.url("postgres")

        def median_s(command: list[str]) -> float:
            times = []
            for _ in range(runs):
                started = time.monotonic()
                subprocess.run(command, check=True, capture_output=True)
                times.append(time.monotonic() - started)
            return statistics.median(times)

        # The runner's modules from their bytecode, as any installed package runs: an editable
        # install has none until a first run writes it, and PYTHONDONTWRITEBYTECODE (set on some
        # machines, this benchmark's among them) would have every start compile runner/cli.py again,
        # a third of --help's time.
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(PROJECT_ROOT / "runner")], check=True)
        python = median_s([sys.executable, "-c", "pass"])
        help_s = median_s([gamedb, "--help"])
        # A trivial named query on the database migrate_versus_psql built, and its SQL through psql.
        url = self.server.url("gamedb_bench_migrate")
        text, bound = find_query("settings_list").render({"category": None})
        with psycopg.connect(url) as conn:
            literal_sql = psycopg.ClientCursor(conn).mogrify(text, bound)
        psql = median_s([str(find_bindir() / "psql"), "-X", "-q", "-c", literal_sql, url])
        query_s = median_s([gamedb, "-q", "--database", url, "query", "run", "settings_list", "--format", "csv"])
        self.results["start_up"] = {
            "python_c_pass_s": round(python, 3), "gamedb_help_s": round(help_s, 3),
            "gamedb_help_vs_python": round(help_s / python, 2),
            "psql_settings_list_s": round(psql, 3), "gamedb_query_run_settings_list_s": round(query_s, 3),
            # the goal: gamedb's own cost (the run less psql's) within 3x the interpreter's start
            "gamedb_query_overhead_vs_python": round((query_s - psql) / python, 2)}
        say(f"start-up: gamedb --help {help_s * 1000:.0f} ms = {help_s / python:.1f}x python -c pass;"
            f" query run settings_list {query_s * 1000:.0f} ms, psql {psql * 1000:.0f} ms:"
            f" overhead {(query_s - psql) / python:.1f}x python -c pass")

    # ---- change migrations under a writer --------------------------------------------------------

    def migrations_under_load(self) -> str:
        """The data loaded onto the baseline, then each change migration after it applied while the
        writer inserts; the database it leaves, migrated and loaded, serves the measures after."""
        url = self.fresh_database("gamedb_bench")
        migrator = Migrator(url, Settings(), lambda _m: None)
        migrator.migrate(up_to=BASELINE)
        self.results["data_load_s"] = round(self.load(url), 1)
        say(f"data loaded in {self.results['data_load_s']}s")
        writer = Writer(url, self.sizes["users"])
        writer.start()
        time.sleep(1)
        stalls = []
        ids = [m.id for m in migrator.files]
        for migration_id in ids[ids.index(BASELINE) + 1:]:
            time.sleep(ALONE_S)
            started = time.monotonic()
            with contextlib.redirect_stdout(sys.stderr):  # yoyo prints what a CALL returns
                migrator.migrate(up_to=migration_id)
            ended = time.monotonic()
            writer.wait_past(ended)
            stalls.append({"migration": migration_id, "seconds": round(ended - started, 2),
                           "writer_longest_stall_ms": writer.longest_ms(started, ended),
                           "writer_longest_alone_ms": writer.longest_within_ms(started - ALONE_S, started)})
            say(f"{migration_id}: {stalls[-1]['seconds']}s, writer stall {stalls[-1]['writer_longest_stall_ms']} ms"
                f" (alone just before: {stalls[-1]['writer_longest_alone_ms']} ms)")
        writer.stop_event.set()
        writer.join()
        migrator.close()
        if not stalls:
            say(f"no change migrations after {BASELINE}")
        self.results["writer_latency_ms"] = writer.typical_ms() | {"errors": writer.errors}
        self.results["migrations_under_load"] = stalls
        return url

    # ---- query latencies and plans, incremental jobs ---------------------------------------------

    def query_latencies(self, url: str) -> None:
        latencies = {}
        with psycopg.connect(url) as conn:
            for name, params in HOT_QUERIES.items():
                latencies[name] = self.time_query(conn, name, params, RUNS_HOT, "hot")
            for name, params in CRON_QUERIES.items():
                latencies[name] = self.time_query(conn, name, params, RUNS_CRON, "cron")
        self.results["queries"] = latencies

    def incremental_versus_full(self, url: str) -> None:
        """The incremental jobs against their full recompute, in the same run: a full run, 1% new votes,
        then the incremental run and a full run again (the baseline)."""
        def timed(conn, name: str, everything: bool) -> float:
            query = find_query(name)
            started = time.monotonic()
            execute(conn, query, query.values({"recompute_all": str(everything).lower()}),
                    lambda _columns, rows: sum(1 for _ in rows))
            return time.monotonic() - started

        jobs = ("refresh_vote_graph", "detect_abuse", "recompute_trust_scores", "run_award_rules")  # schedule order
        new_votes = max(1, (self.sizes["answer_votes"] + self.sizes["doubt_votes"]) // 100)
        results = {}
        with psycopg.connect(url, autocommit=True) as conn:
            # The generated history was written just now; as on a live platform, it is older than the
            # jobs' overlap window (incremental_overlap_minutes), or every incremental run would take it in.
            for table, column in HISTORY_TIMES:
                conn.execute(f"update {table} set {column} = {column} - interval '1 day'")
            # The award rules were written by the migrations minutes ago: a rule changed since the
            # watermark is evaluated for everyone. Their trigger stamps each change now; step around it.
            with conn.transaction():
                conn.execute("alter table reward.award_rules disable trigger award_rules_check")
                conn.execute("update reward.award_rules set updated_at = updated_at - interval '1 day'")
                conn.execute("alter table reward.award_rules enable trigger award_rules_check")
            first = {job: timed(conn, job, True) for job in jobs}
            conn.execute(
                "insert into community.answer_votes (answer_id, voter_id, value)"
                " select 1 + floor(random() * %s)::bigint, 1 + floor(random() * %s)::bigint, 1"
                " from generate_series(1, %s) on conflict do nothing",
                [self.sizes["answers"], self.sizes["users"], new_votes])
            incremental = {job: timed(conn, job, False) for job in jobs}
            full = {job: timed(conn, job, True) for job in jobs}
        for job in jobs:
            results[job] = {"first_full_s": round(first[job], 2), "incremental_s": round(incremental[job], 3),
                            "full_s": round(full[job], 2), "ratio": round(incremental[job] / full[job], 3)}
            say(f"{job}: 1% new votes ({new_votes}): incremental {incremental[job]:.2f}s,"
                f" full {full[job]:.2f}s ({100 * incremental[job] / full[job]:.1f}%)")
        self.results["incremental_jobs"] = {"new_votes": new_votes, "jobs": results}

    def time_query(self, conn, name: str, params: dict, runs: int, kind: str) -> dict:
        query = find_query(name)
        timings = []
        plan = None
        for n in range(runs):
            # Light users (the highest ids): the heavy ones may have reached the daily game limit.
            given = {k: v.format(n=n, user=self.sizes["users"] - n) for k, v in params.items()}
            values = query.values(given)
            if plan is None:
                text, bound = query.render(values)
                conn.read_only = False
                plan = conn.execute(f"explain (format json) {text}", bound).fetchone()[0]
                conn.rollback()
            started = time.monotonic()
            execute(conn, query, values, lambda _columns, rows: sum(1 for _ in rows))
            timings.append(1000 * (time.monotonic() - started))
        indexes = sorted(set(re.findall(r'"Index Name": "([^"]+)"', json.dumps(plan))))
        # A query that calls one function (start_game) shows only a Function Scan: its plan is inside.
        plan_text = json.dumps(plan)
        in_function = not indexes and "Function Scan" in plan_text and "Seq Scan" not in plan_text
        result = {"kind": kind, "runs": runs, "first_ms": round(timings[0], 1),
                  "p50_ms": round(statistics.median(timings), 2), "p95_ms": round(percentile(timings, 95), 2),
                  "uses_index": bool(indexes), "indexes": indexes, "plan_in_function": in_function}
        say(f"{name}: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, first {result['first_ms']} ms,"
            f" indexes {indexes or 'none'}")
        return result

    # ---- training export -------------------------------------------------------------------------

    def training_export(self, url: str) -> None:
        """The export against two baselines in the same run: psql's \\copy of the same rows as text, and
        \\copy of the very lines the export writes (JSON). Each export takes a fresh batch of the same
        rows (the previous batches are forgotten between runs, as owner); medians of three."""
        rows = self.sizes["training_samples"]
        columns = "id, text, intent, entities, language, tone, confidence, source"
        select = f"select {columns} from chat.training_samples where approved order by id limit {rows}"
        as_json = f"select row_to_json(e) from ({select}) as e"
        copies = {
            "copy": f"\\copy ({select}) to '/dev/null'",
            "copy_json": f"\\copy ({as_json}) to '/dev/null' {JSON_LINES_COPY}",
        }
        times = {"copy": [], "copy_json": [], "export": []}
        peak_kb = 0
        for attempt in range(3):
            for name, command in copies.items():
                started = time.monotonic()
                subprocess.run([find_bindir() / "psql", "-X", "-q", "-c", command, self.server.conninfo("gamedb_bench")],
                               check=True, capture_output=True)
                times[name].append(time.monotonic() - started)
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("truncate chat.training_batch_samples, chat.training_batches")
                conn.execute("delete from core.job_watermarks where job = 'export_training_batch'")
            started = time.monotonic()
            with open(os.devnull, "w") as sink:
                process = subprocess.Popen(
                    [Path(sys.executable).parent / "gamedb", "--database", url, "query", "run",
                     "export_training_batch", "-p", f"batch_id=bench-{attempt}", "-p", f"max_rows={rows}",
                     "--format", "jsonl"],
                    stdout=sink, stderr=subprocess.DEVNULL)
                _, status, usage = os.wait4(process.pid, 0)
            times["export"].append(time.monotonic() - started)
            peak_kb = max(peak_kb, usage.ru_maxrss)
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit("bench: the training export failed")
        copy_s, json_s, export_s = (statistics.median(times[k]) for k in ("copy", "copy_json", "export"))
        self.results["training_export"] = {
            "rows": rows, "gamedb_rows_per_s": round(rows / export_s), "copy_rows_per_s": round(rows / copy_s),
            "copy_json_rows_per_s": round(rows / json_s), "ratio_to_copy": round(copy_s / export_s, 2),
            "ratio_to_copy_json": round(json_s / export_s, 2), "runner_peak_rss_mb": round(peak_kb / 1024, 1)}
        say(f"export {rows} rows: {rows / export_s:.0f} rows/s (\\copy {rows / copy_s:.0f} rows/s, the same JSON lines"
            f" {rows / json_s:.0f} rows/s), peak RSS {peak_kb / 1024:.0f} MB")


# When what the incremental jobs look for happened (core.job_window: since the watermark less the overlap).
HISTORY_TIMES = (("core.event_logs", "emitted_at"), ("trust.abuse_flags", "reviewed_at"),
                 ("trust.fact_check_logs", "created_at"), ("learn.mastery_records", "updated_at"),
                 ("trust.content_embeddings", "created_at"))


def percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def machine() -> dict:
    with open("/proc/meminfo") as meminfo:
        memory_kb = int(meminfo.readline().split()[1])
    version = subprocess.run([find_bindir() / "postgres", "--version"], capture_output=True, text=True).stdout
    return {"cpus": os.cpu_count(), "memory_gb": round(memory_kb / 1024 / 1024), "python": platform.python_version(),
            "postgres": version.strip(), "system": platform.platform(),
            "note": "the project's throwaway server: fsync off, default memory settings"}


def report(results: dict) -> str:
    """The one table `make bench` prints."""
    sizes = results["sizes"]
    votes = sizes["answer_votes"] + sizes["doubt_votes"]
    lines = [f"gamedb bench, scale {results['scale']} ({sizes['users']} users, {sizes['xp_ledger']} XP ledger rows,"
             f" {votes} votes, {sizes['conversation_logs']} conversation logs)", ""]
    row = "{:<58} {:>14} {:>14}".format
    lines.append(row("measure", "value", "target"))
    m = results["migrate_from_empty"]
    lines.append(row("gamedb migrate from empty, s", m["gamedb_migrate_s"], ""))
    lines.append(row("psql -1 -f of the same SQL, s", m["psql_single_transaction_s"], ""))
    lines.append(row("ratio migrate / psql", m["ratio"], ""))
    lines.append(row("data load, s", results["data_load_s"], ""))
    r = results["retention"]
    lines.append(row(f"retention, {r['events_per_half']} events: batched DELETE s", r["batched_delete_s"], ""))
    lines.append(row("retention: as many dropped with their partition, s", r["partition_drop_s"], ""))
    lines.append(row("ratio drop / DELETE", r["ratio"], ""))
    w = results["writer_latency_ms"]
    lines.append(row("writer's own transaction, p50 / p99 ms", f"{w['p50']} / {w['p99']}",
                     "" if not w["errors"] else f"{w['errors']} failed"))
    if not results["migrations_under_load"]:
        lines.append(row(f"change migrations after {BASELINE}", "none", ""))
    for stall in results["migrations_under_load"]:
        longest, alone = stall["writer_longest_stall_ms"], stall.get("writer_longest_alone_ms", 0.0)
        # Over the target only as slow as the writer alone was: the machine's stall, not the migration's.
        mark = "" if longest < STALL_TARGET_MS else "  MISSED" if longest - alone >= STALL_TARGET_MS else "  machine"
        lines.append(row(f"{stall['migration'][:48]} stall (alone) ms", f"{longest} ({alone})",
                         f"< {STALL_TARGET_MS}{mark}"))
    for name, q in results["queries"].items():
        lines.append(row(f"{name} ({q['kind']}) p50 / p95 ms", f"{q['p50_ms']} / {q['p95_ms']}",
                         "index" if q["uses_index"] else "in function" if q["plan_in_function"] else "no index"))
        if q["kind"] == "cron":
            lines.append(row(f"{name} first run ms", q["first_ms"], ""))
    e = results["training_export"]
    lines.append(row("training export, rows/s (gamedb)", e["gamedb_rows_per_s"], ""))
    lines.append(row("training export, rows/s (\\copy)", e["copy_rows_per_s"], f"ratio {e['ratio_to_copy']}"))
    lines.append(row("training export, rows/s (\\copy of the same JSON lines)", e["copy_json_rows_per_s"],
                     f"ratio {e['ratio_to_copy_json']}"))
    lines.append(row("training export, runner peak RSS MB", e["runner_peak_rss_mb"], "streams"))
    inc = results["incremental_jobs"]
    for name, j in inc["jobs"].items():
        lines.append(row(f"{name}: incremental / full after 1% new votes, s", f"{j['incremental_s']} / {j['full_s']}",
                         "<= 5%" + ("" if j["ratio"] <= 0.05 else "  MISSED")))
    return "\n".join(lines)


def chart(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    stalls = results["migrations_under_load"]
    queries = results["queries"]
    figure, (top, bottom) = pyplot.subplots(2, 1, figsize=(14, 13), gridspec_kw={"height_ratios": [3, 2]})
    top.bar(range(len(stalls)), [s["writer_longest_stall_ms"] for s in stalls],
            color=["tab:red" if s["writer_longest_stall_ms"] >= STALL_TARGET_MS else "tab:blue" for s in stalls])
    top.axhline(STALL_TARGET_MS, color="tab:red", linestyle="--", label=f"target {STALL_TARGET_MS} ms")
    top.set_xticks(range(len(stalls)), [s["migration"][:4] for s in stalls], rotation=90, fontsize=7)
    top.set_yscale("log")
    top.set_ylabel("writer's longest stall, ms (log)")
    top.set_title(f"Change migrations under a concurrent writer (scale {results['scale']})")
    if not stalls:
        top.text(0.5, 0.75, f"no change migrations after {BASELINE}", ha="center", transform=top.transAxes)
    top.legend()
    names = list(queries)
    bottom.barh([n for n in names], [queries[n]["p95_ms"] for n in names], color="tab:orange", label="p95")
    bottom.barh([n for n in names], [queries[n]["p50_ms"] for n in names], color="tab:green", label="p50")
    bottom.set_xscale("log")
    bottom.set_xlabel("latency, ms (log)")
    bottom.set_title("Named queries: hot application queries and cron jobs")
    bottom.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def main() -> None:
    scale = float(os.environ.get("SCALE", "1"))
    OUT_DIR.mkdir(exist_ok=True)
    bench = Bench(scale)
    bench.migrate_versus_psql()
    bench.start_up()
    if sys.argv[1:] == ["migrate"]:  # `make bench-migrate`: only the two above, in a minute
        print(json.dumps({k: bench.results[k] for k in ("migrate_from_empty", "start_up")}, indent=2))
        return
    say(f"scale {scale}: {bench.sizes}")
    bench.retention_by_partition()
    stalls_only = sys.argv[1:] == ["stalls"]  # `make bench-stalls`: retention and the migrations' stalls
    url = bench.migrations_under_load()
    if stalls_only:
        stalls = {k: bench.results[k] for k in ("retention", "data_load_s", "writer_latency_ms",
                                                 "migrations_under_load")}
        (OUT_DIR / "stalls.json").write_text(json.dumps(stalls, indent=2) + "\n")
        print(json.dumps(stalls, indent=2))
        return
    bench.training_export(url)
    bench.query_latencies(url)
    bench.incremental_versus_full(url)
    (OUT_DIR / "bench.json").write_text(json.dumps(bench.results, indent=2) + "\n")
    chart(bench.results, OUT_DIR / "bench.png")
    print(report(bench.results))
    say(f"wrote {OUT_DIR / 'bench.json'} and {OUT_DIR / 'bench.png'}")


if __name__ == "__main__":
    main()
