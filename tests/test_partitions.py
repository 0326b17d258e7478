"""Time-partitioned logs (the event log, the bot's messages and memory, the behaviour log, both ledgers, the award changes, the
fact-check and moderation logs, the nudges and the streak events) by month, each converted on a live table, kept by
maintain_partitions from core.partitioned_tables."""

import re
import threading
import time

import psycopg
import pytest
from psycopg import sql

from runner.schema import module_schemas
from tests.helpers import (add_user, app_run, attack, attack_each, broken_invariants, rows, scalar)

PARTITIONED = ["chat.conversation_logs", "chat.conversation_memory", "core.event_logs", "learn.behavior_logs", "reward.award_changes",
               "reward.nudge_history", "reward.reputation_ledger", "reward.streak_events", "reward.xp_ledger",
               "trust.fact_check_logs", "trust.moderation_logs"]
PARTITIONS = ("select b.partition::text, b.starts, b.ends from core.partition_bounds('core.event_logs') as b"
              " order by b.ends")
EVENT = ("insert into core.event_logs (event_type, user_id, metadata, emitted_at, processed_at)"
         " values (%s, %s, '{}', %s, %s)")


def test_event_logs_is_partitioned_by_month_with_the_coming_months_ready(schema_conn):
    assert scalar(schema_conn, "select count(*) from pg_partitioned_table"
                               " where partrelid = 'core.event_logs'::regclass") == 1
    partitions = schema_conn.execute(PARTITIONS).fetchall()
    assert partitions[0][0] == "core.event_logs_before" and partitions[0][1] is None  # from MINVALUE
    for (_, _, ends), (name, starts, _) in zip(partitions, partitions[1:]):
        assert starts == ends and name.startswith("core.event_logs_y"), partitions  # contiguous months
    assert scalar(schema_conn, "select max(b.ends) >= date_trunc('month', now()) + interval '4 months'"
                               " from core.partition_bounds('core.event_logs') as b")


def test_a_read_by_time_touches_only_its_months(conn):
    conn.execute("select core.maintain_partitions(12)")
    plan = "\n".join(r[0] for r in conn.execute(
        "explain (costs off) select count(*) from core.event_logs"
        " where emitted_at >= date_trunc('month', now()) + interval '6 months'"
        " and emitted_at < date_trunc('month', now()) + interval '7 months'"))
    assert "Subplans Removed" in plan, plan
    assert len(set(re.findall(r"Scan on (event_logs_\w+) ", plan))) == 1 and "event_logs_before" not in plan, plan


def test_every_partitioned_table_is_kept_by_the_upkeep(schema_conn):
    """One list: each module table partitioned by time has its row in core.partitioned_tables, and each row
    names a partitioned table whose months are ready."""
    partitioned = [r[0] for r in schema_conn.execute(
        "select p.partrelid::regclass::text from pg_partitioned_table as p join pg_class as c on c.oid = p.partrelid"
        " where c.relnamespace::regnamespace::text = any(%s) order by 1", [module_schemas(schema_conn)])]
    kept = [r[0] for r in schema_conn.execute("select table_name from core.partitioned_tables order by 1")]
    assert partitioned == kept == PARTITIONED
    for table in kept:
        assert scalar(schema_conn, "select max(b.ends) >= date_trunc('month', now()) + interval '4 months'"
                                   " from core.partition_bounds(%s) as b", [table])


def test_a_read_by_time_of_any_partitioned_table_skips_the_other_months(conn):
    tables = conn.execute(
        "select p.table_name, a.attname from core.partitioned_tables as p"
        " join pg_partitioned_table as t on t.partrelid = p.table_name::regclass"
        " join pg_attribute as a on a.attrelid = t.partrelid and a.attnum = t.partattrs[0] order by 1").fetchall()
    assert [t[0] for t in tables] == PARTITIONED
    for table, column in tables:
        plan = "\n".join(r[0] for r in conn.execute(sql.SQL(
            "explain (costs off) select count(*) from {} where {} >= date_trunc('month', now()) + interval '2 months'"
        ).format(sql.Identifier(*table.split(".")), sql.Identifier(column))))
        assert "Subplans Removed" in plan and f"on {table.split('.')[1]}_before " not in plan, plan


def test_the_roles_reach_rows_only_through_the_partitioned_tables(app, db, login_as):
    db.execute(EVENT, ["seen", add_user(db, 4300), db.execute("select now()").fetchone()[0], None])
    partitions = [r[0] for r in db.execute(
        "select b.partition::text from core.partitioned_tables as p, core.partition_bounds(p.table_name::regclass) as b"
        " order by 1").fetchall()]
    assert {re.sub(r"_(before|y\d{4}m\d{2})$", "", p) for p in partitions} == set(PARTITIONED)
    analyst = login_as("gamedb_readonly")
    attack_each(app, db, [statement for partition in partitions for statement in (
        f"insert into {partition} default values", f"update {partition} set id = id", f"delete from {partition}")])
    attack_each(analyst, db, [f"select * from {partition}" for partition in partitions])
    assert scalar(analyst, "select count(*) from core.event_logs") == scalar(db, "select count(*) from core.event_logs")
    attack(app, db, "select core.maintain_partitions(1000)", match="between 1 and 24")
    attack(app, db, f"drop table {partitions[-1]}", match="must be owner")


def test_missing_months_and_granted_partitions_are_found(db, gamedb):
    coming = [r[0] for r in db.execute("select b.partition::text from core.partition_bounds('core.event_logs') as b"
                                       " where b.starts >= date_trunc('month', now()) + interval '1 month'")]
    assert coming
    for partition in coming:
        db.execute(f"drop table {partition}")
    db.execute("grant select on core.event_logs_before to gamedb_readonly")
    assert broken_invariants(gamedb) == {"partitions_ahead", "partitions_grant_nothing"}
    db.execute("revoke all on core.event_logs_before from gamedb_readonly")
    made = rows(app_run(gamedb, "maintain_partitions"))
    assert [r["partition_name"] for r in made] == coming
    assert broken_invariants(gamedb) == set()


def test_two_upkeeps_at_once_create_each_month_once(db_url):
    with psycopg.connect(db_url) as first, psycopg.connect(db_url, autocommit=True) as second:
        made = first.execute("select partition_name from core.maintain_partitions(8)").fetchall()
        assert made  # months five to eight ahead, not committed yet
        waiting = threading.Thread(target=lambda: results.append(
            second.execute("select partition_name from core.maintain_partitions(8)").fetchall()))
        results = []
        waiting.start()
        time.sleep(0.3)
        assert waiting.is_alive()  # waits for the first upkeep, instead of failing on its months
        first.commit()
        waiting.join(timeout=10)
        assert results == [[]]


def test_a_month_past_retention_goes_whole_once_nothing_in_it_is_kept(db, gamedb):
    """Retention drops partitions, not rows: the months below this one (here the partition for rows dated
    before the table's first month) go once they ended retention_event_log_days ago, but not while they
    hold an event waiting to be processed (the table's keep_while)."""
    if scalar(db, "select now() - interval '1 day' < date_trunc('month', now())"):
        pytest.skip("on the first day of a month no month has yet ended a day ago")
    user = add_user(db, 4200)
    db.execute(EVENT, ["old", user, "2020-01-01", "2020-01-02"])
    db.execute(EVENT, ["waiting", user, "2020-02-01", None])
    db.execute(EVENT, ["new", user, scalar(db, "select now()"), None])
    db.execute("select core.set_setting('retention_event_log_days', '1', 'test')")

    def dropped():
        return {r["partition_name"] for r in rows(app_run(gamedb, "maintain_partitions")) if r["action"] == "dropped"}

    assert dropped() == set()  # the waiting event keeps its month
    db.execute("update core.event_logs set processed_at = now() where event_type = 'waiting'")
    assert dropped() == {"core.event_logs_before"}
    assert db.execute("select event_type from core.event_logs").fetchall() == [("new",)]
    assert dropped() == set()
