"""Time-partitioned logs (the event log, the bot's messages and memory, the behaviour log, both ledgers, the award changes, the
fact-check and moderation logs, the nudges and the streak events) by month, each converted on a live table, kept by
maintain_partitions from core.partitioned_tables."""

import re
import threading
import time
from datetime import date

import psycopg
import pytest
from psycopg import sql

from runner.migrate import Migrator, Settings
from runner.schema import module_schemas
from tests.conftest import quiet
from tests.helpers import (add_user, app_run, attack, attack_each, broken_invariants, gamedb_process, migration_before,
                           migration_that, rows, scalar)

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
    assert partitions[0][0] == "core.event_logs_history" and partitions[0][1] is None  # from MINVALUE
    for (_, _, ends), (name, starts, _) in zip(partitions, partitions[1:]):
        assert starts == ends and name.startswith("core.event_logs_y"), partitions  # contiguous months
    assert scalar(schema_conn, "select max(b.ends) >= date_trunc('month', now()) + interval '4 months'"
                               " from core.partition_bounds('core.event_logs') as b")


def test_a_live_table_becomes_partitioned_with_every_event_and_id_kept(migrated_to):
    swap = migration_that(r"^\s*alter table core\.event_logs rename to event_logs_history;")
    url = migrated_to(migration_before(migration_that(r"idx_event_logs_id_emitted_at on core\.event_logs")))
    migrator = Migrator(url, Settings(), quiet)
    with psycopg.connect(url, autocommit=True) as conn:
        user = add_user(conn, 4100)
        for n in range(5):
            conn.execute(EVENT, ["before", user, f"2026-0{n + 1}-15", f"2026-0{n + 1}-16" if n % 2 else None])
        before = conn.execute("select * from core.event_logs order by id").fetchall()
        heap = scalar(conn, "select relfilenode from pg_class where oid = 'core.event_logs'::regclass")
        migrator.migrate(up_to=swap.id)
        # The same rows in the same file: attached, never copied or rewritten.
        assert conn.execute("select * from core.event_logs order by id").fetchall() == before
        assert scalar(conn, "select relfilenode from pg_class where oid = 'core.event_logs_history'::regclass") == heap
        assert scalar(conn, "select count(*) from core.event_logs_history") == 5
        # New ids continue the old sequence; the key, the guard and the user's foreign key still hold.
        new = scalar(conn, "insert into core.event_logs (event_type, user_id, metadata) values ('after', %s, '{}')"
                           " returning id", [user])
        assert new == before[-1][0] + 1
        with pytest.raises(psycopg.errors.CheckViolation, match="JSON object"):
            conn.execute("insert into core.event_logs (event_type, metadata) values ('x', '[]')")
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            conn.execute("insert into core.event_logs (event_type, user_id, metadata) values ('x', -1, '{}')")
        # An event in a month of its own, then back to one plain table: nothing is lost.
        month = conn.execute(PARTITIONS).fetchall()[-1]
        conn.execute(EVENT, ["later", user, month[1], None])
        migrator.rollback(count=1, to=None, everything=False)
        assert scalar(conn, "select relkind from pg_class where oid = 'core.event_logs'::regclass") == "r"
        assert scalar(conn, "select count(*) from core.event_logs") == 7
        assert conn.execute("select * from core.event_logs order by id").fetchall()[:5] == before
        conn.execute("delete from core.users where id = %s", [user])
        assert scalar(conn, "select count(*) from core.event_logs where user_id is not null") == 0
    migrator.close()


def test_live_ledgers_become_partitioned_with_every_row_and_rule_kept(migrated_to, gamedb):
    """Both ledgers, written before the conversion (an award corrected, in the past), then converted: the same
    rows in the same files, the old correction names its row's time, new rows and corrections across months obey
    the keys and triggers, and the rollback makes one plain table of every row again."""
    first = migration_that(r"add column if not exists corrects_created_at")
    url = migrated_to(migration_before(first))
    migrator = Migrator(url, Settings(), quiet)
    award = ("insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, corrects_id, created_at)"
             " values (%s, 'ANSWER_ACCEPTED', %s, %s, 'test', %s, %s) returning id")
    with psycopg.connect(url, autocommit=True) as conn:
        user = add_user(conn, 4400)
        old = scalar(conn, award, [user, 40, 40, None, "2025-03-10"])
        scalar(conn, award, [user, -40, -40, old, "2025-04-10"])
        kept = scalar(conn, award, [user, 25, 25, None, "2025-05-10"])
        vote = scalar(conn, "insert into reward.reputation_ledger (user_id, event_type, change, reason, created_at)"
                            " values (%s, 'ANSWER_UPVOTED', 10, 'test', '2025-06-01') returning id", [user])
        before = conn.execute("select id, user_id, created_at, final_xp, corrects_id from reward.xp_ledger"
                              " order by id").fetchall()
        heap = scalar(conn, "select relfilenode from pg_class where oid = 'reward.xp_ledger'::regclass")
        migrator.migrate()
        for ledger in ("reward.xp_ledger", "reward.reputation_ledger"):
            assert scalar(conn, "select relkind from pg_class where oid = %s::regclass", [ledger]) == "p"
        assert conn.execute("select id, user_id, created_at, final_xp, corrects_id from reward.xp_ledger"
                            " order by id").fetchall() == before
        assert scalar(conn, "select relfilenode from pg_class where oid = 'reward.xp_ledger_history'::regclass") == heap
        assert scalar(conn, "select corrects_created_at = '2025-03-10' from reward.xp_ledger where corrects_id = %s",
                      [old])
        # Corrections in a later month than their rows: the key holds, once only, and the totals follow.
        coming = scalar(conn, "select max(b.starts) from core.partition_bounds('reward.xp_ledger') as b")
        new = scalar(conn, award, [user, -25, -25, kept, coming])
        assert new == before[-1][0] + 1
        assert scalar(conn, "select tableoid::regclass::text from reward.xp_ledger where id = %s", [new]) != (
            "reward.xp_ledger_history")
        with pytest.raises(psycopg.errors.UniqueViolation, match="taken back already"):
            conn.execute(award, [user, -25, -25, kept, coming])
        conn.execute("insert into reward.reputation_ledger (user_id, event_type, change, reason, corrects_id)"
                     " values (%s, 'VOTE_RETRACTED', -10, 'test', %s)", [user, vote])
        assert conn.execute("select total_xp, total_reputation from core.users where id = %s",
                            [user]).fetchone() == (0, 0)
        # The foreign key holds without the trigger too: a correction of a row that is not there.
        with pytest.raises(psycopg.errors.ForeignKeyViolation), conn.transaction():
            conn.execute("alter table reward.xp_ledger disable trigger xp_ledger_record_row")
            conn.execute("insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, corrects_id,"
                         " corrects_created_at) values (%s, 'X', -25, -25, 'forged', %s, %s)", [user, kept, coming])
        # (xp_period_totals_true reads the current periods: a row dated in a coming month is outside them.)
        broken = broken_invariants(lambda *args: gamedb(*args, database=url))
        assert not broken & {"ledger_corrections_once", "users_ledger_totals"}, broken
        migrator.rollback(count=None, to=migration_before(first), everything=False)
        assert scalar(conn, "select relkind from pg_class where oid = 'reward.xp_ledger'::regclass") == "r"
        assert conn.execute("select id, user_id, created_at, final_xp, corrects_id from reward.xp_ledger"
                            " order by id").fetchall() == before + [(new, user, coming, -25, kept)]
        with pytest.raises(psycopg.errors.UniqueViolation, match="xp_ledger_corrects_id_key"):
            conn.execute(award, [user, -25, -25, kept, coming])
    migrator.close()


def test_a_live_moderation_log_becomes_partitioned_and_still_raises_its_events(migrated_to):
    """The moderation log (converted with the fact-check log and the award changes): the same rows in the same
    file, ids continuing, its trigger declared on the log and naming it, not the partition, in the events it
    writes; the rollback makes one plain table of every row again."""
    first = migration_that(r"idx_moderation_logs_id_created_at")
    url = migrated_to(migration_before(first))
    migrator = Migrator(url, Settings(), quiet)
    action = ("insert into trust.moderation_logs (admin_id, target_user_id, action, reason, created_at)"
              " values (%s, %s, 'WARNING', %s, %s) returning id")
    with psycopg.connect(url, autocommit=True) as conn:
        admin, user = add_user(conn, 4500), add_user(conn, 4501)
        scalar(conn, action, [admin, user, "before", "2025-02-01"])
        before = conn.execute("select * from trust.moderation_logs order by id").fetchall()
        heap = scalar(conn, "select relfilenode from pg_class where oid = 'trust.moderation_logs'::regclass")
        migrator.migrate()
        assert scalar(conn, "select relkind from pg_class where oid = 'trust.moderation_logs'::regclass") == "p"
        assert conn.execute("select * from trust.moderation_logs order by id").fetchall() == before
        assert scalar(conn, "select relfilenode from pg_class where oid = 'trust.moderation_logs_history'::regclass"
                      ) == heap
        coming = scalar(conn, "select max(b.starts) from core.partition_bounds('trust.moderation_logs') as b")
        new = scalar(conn, action, [admin, user, "after", coming])
        assert new == before[-1][0] + 1
        assert scalar(conn, "select target_id from core.event_logs where event_type = 'moderation.logged'"
                            " order by id desc limit 1") == f"trust.moderation_logs:{new}"
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            conn.execute(action, [admin, -1, "nobody", coming])
        migrator.rollback(count=None, to=migration_before(first), everything=False)
        assert scalar(conn, "select relkind from pg_class where oid = 'trust.moderation_logs'::regclass") == "r"
        assert conn.execute("select id, reason from trust.moderation_logs order by id").fetchall() == [
            (before[0][0], "before"), (new, "after")]
    migrator.close()


def test_live_daily_logs_become_partitioned_by_their_day_with_once_a_day_kept(migrated_to, gamedb):
    """The nudges and the streak events, partitioned by the day their "once a day" keys hold: the same rows in
    the same files, the nudge job and the streak functions (as the application) write into this month and their
    ON CONFLICT still finds the key, a day beyond the months made ahead is refused, and the rollback makes one
    plain table of every row again."""
    first = migration_that(r"idx_nudge_history_id_user_id_sent_on")
    url = migrated_to(migration_before(first))
    migrator = Migrator(url, Settings(), quiet)
    logs = {"reward.nudge_history": "sent_on", "reward.streak_events": "on_date"}

    def as_app(name, *params):
        return rows(app_run(gamedb, name, *params, database=url))

    def contents(conn):
        return {table: conn.execute(f"select * from {table} order by id").fetchall() for table in logs}

    with psycopg.connect(url, autocommit=True) as conn:
        user = add_user(conn, 4600)
        conn.execute("insert into reward.nudge_history (user_id, nudge_type, language, message, sent_at, sent_on)"
                     " values (%s, 'inactivity', 'en', '{\"en\": \"hi\"}', '2025-03-01', '2025-03-01')", [user])
        conn.execute("insert into reward.streak_events (user_id, kind, on_date, length_before, length_after,"
                     " freezes_after) values (%s, 'break', '2025-02-02', 3, 0, 0)", [user])
        before = contents(conn)
        heaps = {table: scalar(conn, "select relfilenode from pg_class where oid = %s::regclass", [table])
                 for table in logs}
        migrator.migrate()
        for table, day in logs.items():
            assert scalar(conn, "select relkind from pg_class where oid = %s::regclass", [table]) == "p"
            assert scalar(conn, "select a.attname from pg_partitioned_table as t join pg_attribute as a"
                                " on a.attrelid = t.partrelid and a.attnum = t.partattrs[0]"
                                " where t.partrelid = %s::regclass", [table]) == day
            assert scalar(conn, "select relfilenode from pg_class where oid = %s::regclass",
                          [f"{table}_history"]) == heaps[table]
        assert contents(conn) == before
        # As the application: today's nudge and streak land in this month's partitions; a second run the
        # same day finds the "once a day" key on the partitioned table and writes nothing.
        conn.execute("update core.users set last_active_at = now() - interval '30 days' where id = %s", [user])
        assert [r["user_id"] for r in as_app("nudge_inactive_users")] == [user]
        assert as_app("nudge_inactive_users") == []
        as_app("record_streak_activity", f"user_id={user}", "active_on=2025-02-10")
        today = scalar(conn, "select (now() at time zone 'UTC')::date")
        as_app("record_streak_activity", f"user_id={user}", f"active_on={today}")  # breaks the old streak
        assert conn.execute("select kind, on_date from reward.streak_events order by id").fetchall() == [
            ("break", date(2025, 2, 2)), ("break", date(2025, 2, 11))]
        # A day of a month made ahead lands in that month's partition; a day beyond them has none.
        coming = conn.execute("select b.partition::text, b.starts::date from core.partition_bounds("
                              "'reward.streak_events') as b order by b.starts desc nulls last limit 1").fetchone()
        assert scalar(conn, "insert into reward.streak_events (user_id, kind, on_date, length_before, length_after,"
                            " freezes_after) values (%s, 'freeze_earned', %s, 1, 2, 1) returning tableoid::regclass"
                            "::text", [user, coming[1]]) == coming[0]
        with pytest.raises(psycopg.errors.CheckViolation, match="no partition"):
            conn.execute("insert into reward.streak_events (user_id, kind, on_date, length_before, length_after,"
                         " freezes_after) values (%s, 'break', current_date + 400, 1, 0, 0)", [user])
        after = contents(conn)
        migrator.rollback(count=None, to=migration_before(first), everything=False)
        for table in logs:
            assert scalar(conn, "select relkind from pg_class where oid = %s::regclass", [table]) == "r"
        assert contents(conn) == after and len(after["reward.nudge_history"]) == 2
    migrator.close()


def test_a_read_by_time_touches_only_its_months(conn):
    conn.execute("select core.maintain_partitions(12)")
    plan = "\n".join(r[0] for r in conn.execute(
        "explain (costs off) select count(*) from core.event_logs"
        " where emitted_at >= date_trunc('month', now()) + interval '6 months'"
        " and emitted_at < date_trunc('month', now()) + interval '7 months'"))
    assert "Subplans Removed" in plan, plan
    assert len(set(re.findall(r"Scan on (event_logs_\w+) ", plan))) == 1 and "event_logs_history" not in plan, plan


def test_months_past_retention_go_whole_and_unprocessed_ones_stay(migrated_to, gamedb):
    """Partitioned a year ago: the months since are partitions, and retention drops them, not rows."""
    swap = migration_that(r"^\s*alter table core\.event_logs rename to event_logs_history;")
    url = migrated_to(migration_before(swap))
    migrator = Migrator(url, Settings(), quiet)

    def upkeep():
        return rows(app_run(gamedb, "maintain_partitions", database=url))

    with psycopg.connect(url, autocommit=True) as conn:
        # The history boundary as if 0137 had run a year ago.
        conn.execute("alter table core.event_logs drop constraint event_logs_emitted_before_partitioning")
        year_ago = scalar(conn, "select date_trunc('month', now()) - interval '12 months'")
        conn.execute(sql.SQL("alter table core.event_logs add constraint event_logs_emitted_before_partitioning"
                             " check (emitted_at < {})").format(sql.Literal(year_ago)))
        conn.execute("select core.set_setting('retention_event_log_days', '36500', 'test')")
        migrator.migrate()
        conn.execute("select core.set_setting('retention_event_log_days', '30', 'test')")
        user = add_user(conn, 4200)
        months = conn.execute(PARTITIONS).fetchall()
        assert len(months) == 17  # history, the 12 past months, this one, the 3 coming ones
        processed, waiting, coming = months[2], months[3], months[-2]
        conn.execute(EVENT, ["old", user, processed[1], processed[1]])
        conn.execute(EVENT, ["waiting", user, waiting[1], None])
        conn.execute(EVENT, ["coming", user, coming[1], None])
        expired = scalar(conn, "select count(*) from core.partition_bounds('core.event_logs')"
                               " where ends <= now() - interval '30 days'")  # retention_event_log_days
        result = upkeep()
        dropped = {r["partition_name"] for r in result if r["action"] == "dropped"}
        assert processed[0] in dropped and "core.event_logs_history" in dropped
        assert waiting[0] not in dropped and len(dropped) == expired - 1
        assert conn.execute("select event_type from core.event_logs order by id").fetchall() == [
            ("waiting",), ("coming",)]
        # Nothing more to do on a second run; apply_retention deletes no event of a monthly partition.
        assert upkeep() == []
        assert rows(app_run(gamedb, "apply_retention", database=url)) == []
        check = gamedb_process(url, "check")
        assert check.returncode == 0, check.stdout
    migrator.close()


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


def test_old_months_of_the_bots_memory_go_whole(migrated_to, gamedb):
    """The bot's memory, partitioned fourteen months ago: apply_retention's batches remove the history's old
    turns and never one of a monthly partition; a month that ended retention_conversation_days ago goes whole."""
    swap = migration_that(r"^\s*alter table chat\.conversation_memory rename to conversation_memory_history;")
    url = migrated_to(migration_before(swap))
    migrator = Migrator(url, Settings(), quiet)
    memory = ("select b.partition::text, b.starts, b.ends from core.partition_bounds('chat.conversation_memory')"
              " as b order by b.ends")
    turn = "insert into chat.conversation_memory (user_id, role, content, created_at) values (%s, 'user', %s, %s)"

    def run_query(name):
        return rows(app_run(gamedb, name, database=url))

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("alter table chat.conversation_memory"
                     " drop constraint conversation_memory_created_before_partitioning")
        boundary = scalar(conn, "select date_trunc('month', now()) - interval '14 months'")
        conn.execute(sql.SQL("alter table chat.conversation_memory add constraint"
                             " conversation_memory_created_before_partitioning check (created_at < {})").format(
                                 sql.Literal(boundary)))
        user = add_user(conn, 4250)
        conn.execute(turn, [user, "in the history", scalar(conn, "select %s::timestamptz - interval '1 day'",
                                                           [boundary])])
        conn.execute("select core.set_setting('retention_conversation_days', '36500', 'test')")
        migrator.migrate()  # partitioned as it would have been then, with nothing old enough to go yet
        conn.execute("select core.set_setting('retention_conversation_days', '365', 'test')")
        months = conn.execute(memory).fetchall()
        assert months[0][0] == "chat.conversation_memory_history" and len(months) == 19  # 14 past, this, 3 ahead
        old_month, recent_month = months[1], months[-3]
        conn.execute(turn, [user, "a year ago", old_month[1]])
        conn.execute(turn, [user, "this month", recent_month[1]])
        assert run_query("apply_retention") == [{"table_name": "chat.conversation_memory", "rows_removed": 1}]
        assert [r[0] for r in conn.execute("select content from chat.conversation_memory order by created_at")] == [
            "a year ago", "this month"]
        expired = {r[0] for r in months if r[2] <= scalar(conn, "select now() - interval '365 days'")}
        dropped = {r["partition_name"] for r in run_query("maintain_partitions") if r["action"] == "dropped"}
        assert dropped == expired and {"chat.conversation_memory_history", old_month[0]} <= dropped
        assert [r[0] for r in conn.execute("select content from chat.conversation_memory")] == ["this month"]
        check = gamedb_process(url, "check")
        assert check.returncode == 0, check.stdout
    migrator.close()


def test_live_conversation_logs_become_partitioned_and_months_go_once_no_message_in_them_is_named(
        migrated_to, gamedb, login_as):
    """The bot's messages, partitioned sixteen months ago with every row kept (the history table itself, its ids
    continuing). apply_retention removes the old messages no training sample or game names, from any month;
    maintain_partitions drops a month past the retention only once none of its messages is named. The links'
    triggers fire on the partitions and still refuse the application under the keys' names. The rollback makes
    one plain table of every message again."""
    swap = migration_that(r"^\s*alter table chat\.conversation_logs rename to conversation_logs_history;")
    url = migrated_to(migration_before(swap))
    migrator = Migrator(url, Settings(), quiet)
    bounds = ("select b.partition::text, b.starts, b.ends from core.partition_bounds('chat.conversation_logs') as b"
              " order by b.ends")
    message = ("insert into chat.conversation_logs (user_id, session_id, user_message, created_at)"
               " values (%s, 'chat-4', %s, %s) returning id")
    sample = "insert into chat.training_samples (text, intent, conversation_log_id) values ('hi', 'greet', %s)"

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("alter table chat.conversation_logs drop constraint conversation_logs_created_before_partitioning")
        boundary = scalar(conn, "select date_trunc('month', now()) - interval '16 months'")
        conn.execute(sql.SQL("alter table chat.conversation_logs add constraint"
                             " conversation_logs_created_before_partitioning check (created_at < {})").format(
                                 sql.Literal(boundary)))
        user = add_user(conn, 4260)
        long_ago = scalar(conn, "select %s::timestamptz - interval '1 day'", [boundary])
        sampled_then = scalar(conn, message, [user, "sampled, in the history", long_ago])
        conn.execute(sample, [sampled_then])
        scalar(conn, message, [user, "unnamed, in the history", long_ago])
        before = conn.execute("select * from chat.conversation_logs order by id").fetchall()
        heap = scalar(conn, "select relfilenode from pg_class where oid = 'chat.conversation_logs'::regclass")
        conn.execute("select core.set_setting('retention_conversation_days', '36500', 'test')")
        migrator.migrate()
        conn.execute("select core.set_setting('retention_conversation_days', '365', 'test')")
        assert scalar(conn, "select relkind from pg_class where oid = 'chat.conversation_logs'::regclass") == "p"
        assert conn.execute("select * from chat.conversation_logs order by id").fetchall() == before
        assert scalar(conn, "select relfilenode from pg_class where oid = 'chat.conversation_logs_history'::regclass"
                      ) == heap
        months = conn.execute(bounds).fetchall()
        assert months[0][0] == "chat.conversation_logs_history" and len(months) == 21  # 16 past, this, 3 ahead
        sampled_month, played_month, unnamed_month = months[1], months[2], months[3]
        sampled = scalar(conn, message, [user, "sampled", sampled_month[1]])
        assert sampled == before[-1][0] + 1
        conn.execute(sample, [sampled])
        scalar(conn, message, [user, "unnamed, beside a sampled one", sampled_month[1]])
        played = scalar(conn, message, [user, "played", played_month[1]])
        conn.execute("select play.start_game(%s, 'intent_quest', 'chat-4', p_conversation_log_id => %s)",
                     [user, played])
        scalar(conn, message, [user, "unnamed, alone in its month", unnamed_month[1]])
        scalar(conn, message, [user, "this month", months[-4][1]])

        app = login_as("gamedb_app", url)
        attack(app, conn, f"delete from chat.conversation_logs where id = {sampled}",
               match="training_samples_conversation_log_id_fkey")
        attack(app, conn, f"delete from chat.conversation_logs where id = {played}",
               match="game_sessions_conversation_log_id_fkey")
        attack(app, conn, sample % 999999999, match="training_samples_conversation_log_id_fkey")
        assert rows(app_run(gamedb, "apply_retention", database=url)) == [
            {"table_name": "chat.conversation_logs", "rows_removed": 3}]
        expired = {r[0] for r in months if r[2] <= scalar(conn, "select now() - interval '365 days'")}
        dropped = {r["partition_name"] for r in rows(app_run(gamedb, "maintain_partitions", database=url))
                   if r["action"] == "dropped"}
        assert dropped == expired - {months[0][0], sampled_month[0], played_month[0]} and unnamed_month[0] in dropped
        kept = [r[0] for r in conn.execute("select user_message from chat.conversation_logs order by id")]
        assert kept == ["sampled, in the history", "sampled", "played", "this month"]
        check = gamedb_process(url, "check")
        assert check.returncode == 0, check.stdout

        migrator.rollback(count=1, to=None, everything=False)
        assert scalar(conn, "select relkind from pg_class where oid = 'chat.conversation_logs'::regclass") == "r"
        assert [r[0] for r in conn.execute("select user_message from chat.conversation_logs order by id")] == kept
        app.close()
    migrator.close()


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
        assert "Subplans Removed" in plan and f"on {table.split('.')[1]}_history " not in plan, plan


def test_the_roles_reach_rows_only_through_the_partitioned_tables(app, db, login_as):
    db.execute(EVENT, ["seen", add_user(db, 4300), db.execute("select now()").fetchone()[0], None])
    partitions = [r[0] for r in db.execute(
        "select b.partition::text from core.partitioned_tables as p, core.partition_bounds(p.table_name::regclass) as b"
        " order by 1").fetchall()]
    assert {re.sub(r"_(history|y\d{4}m\d{2})$", "", p) for p in partitions} == set(PARTITIONED)
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
    db.execute("grant select on core.event_logs_history to gamedb_readonly")
    assert broken_invariants(gamedb) == {"partitions_ahead", "partitions_grant_nothing"}
    db.execute("revoke all on core.event_logs_history from gamedb_readonly")
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
