"""The reward module: the XP ledger, its caps, totals and backfills, leaderboards, challenges,
nudges, streaks, award rules."""

import json
import random
import threading

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.helpers import (GOOD_I18N, add_user, answers_by, broken_invariants, column_names, insert, ledger_award,
                           plan_at_scale, refused, rows, run, scalar, snapshot, two_hours_pass)


def test_points_ledger_is_gone_and_xp_columns_are_required(schema_conn):
    assert scalar(schema_conn, "select to_regclass('reward.points_ledger')") is None
    required = {r[0] for r in schema_conn.execute(
        "select attname from pg_attribute where attrelid = 'reward.xp_ledger'::regclass and attnotnull").fetchall()}
    assert {"base_xp", "final_xp", "reason", "event_type"} <= required
    assert not {"points", "description"} & set(column_names(schema_conn, "reward.xp_ledger"))  # the contract step


def test_final_xp_follows_the_one_formula(conn):
    user = add_user(conn, 501)
    insert = ("insert into reward.xp_ledger (user_id, event_type, base_xp, mastery_mult, trust_mult,"
              " time_decay, final_xp, reason) values (%s, 'ANSWER_ACCEPTED', 10, 1.5, 0.8, 0.9, %s, 'accepted')")
    conn.execute(insert, [user, 11])  # round(10 * 1.5 * 0.8 * 1.0 * 0.9) = round(10.8) = 11
    refused(conn, insert, [user, 12], match="xp_ledger_final_xp_check")
    refused(conn, "insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp)"
            " values (%s, 'X', 1, 1)", [user], match='null value in column "reason"')








def test_ledgers_are_append_only_and_corrected_by_compensating_rows(conn):
    user, other = add_user(conn, 701), add_user(conn, 702)
    row = ledger_award(conn, user, 30)[0]
    for statement in ("update reward.xp_ledger set final_xp = 0 where id = %s",
                      "delete from reward.xp_ledger where id = %s"):
        refused(conn, statement, [row], match="reward.xp_ledger is append-only")
    refused(conn, "truncate reward.xp_ledger", None, match="append-only")
    refused(conn, "insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, corrects_id)"
            " values (%s, 'REVERSAL', -20, -20, 'wrong amount', %s)", [user, row], match="must take back exactly 30")
    refused(conn, "insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, corrects_id)"
            " values (%s, 'REVERSAL', -30, -30, 'wrong user', %s)", [other, row], match="must take back exactly 30")
    ledger_award(conn, user, -30, "serial votes reversed", corrects=row)
    refused(conn, "insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, corrects_id)"
            " values (%s, 'REVERSAL', -30, -30, 'twice', %s)", [user, row], match="row [0-9]+ is taken back already")
    assert scalar(conn, "select total_xp from core.users where id = %s", [user]) == 0
    rep = scalar(conn, "insert into reward.reputation_ledger (user_id, event_type, change, reason)"
                 " values (%s, 'ANSWER_UPVOTED', 10, 'upvote') returning id", [user])
    refused(conn, "update reward.reputation_ledger set change = 100 where id = %s", [rep], match="append-only")
    conn.execute("insert into reward.reputation_ledger (user_id, event_type, change, reason, corrects_id)"
                 " values (%s, 'VOTE_REVERSED', -10, 'serial vote', %s)", [user, rep])
    assert scalar(conn, "select total_reputation from core.users where id = %s", [user]) == 0


def test_a_row_taken_back_twice_is_found(gamedb, db):
    """The rule the trigger holds, checked over all rows: a second correction written past the trigger (by the
    owner, with it disabled) breaks the invariant ledger_corrections_once."""
    user = add_user(db, 712)
    row = ledger_award(db, user, 30)[0]
    ledger_award(db, user, -30, "taken back", corrects=row)
    assert "ledger_corrections_once" not in broken_invariants(gamedb)
    with db.transaction():
        db.execute("alter table reward.xp_ledger disable trigger xp_ledger_record_row")
        db.execute("insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, corrects_id,"
                   " corrects_created_at) select user_id, 'AGAIN', -30, -30, 'twice', id, created_at"
                   " from reward.xp_ledger where id = %s", [row])
        db.execute("alter table reward.xp_ledger enable trigger xp_ledger_record_row")
    assert "ledger_corrections_once" in broken_invariants(gamedb)


def test_totals_follow_the_ledgers_and_drift_is_found_and_repaired(gamedb, db):
    user = add_user(db, 711)
    for xp in (10, 25, -5):
        ledger_award(db, user, xp)
    db.execute("insert into reward.reputation_ledger (user_id, event_type, change, reason)"
               " values (%s, 'ANSWER_UPVOTED', 10, 'up'), (%s, 'ANSWER_DOWNVOTED', -2, 'down')", [user, user])
    assert db.execute("select total_xp, total_reputation from core.users where id = %s", [user]).fetchone() == (30, 8)
    assert gamedb("check").exit_code == 0
    db.execute("update core.users set total_xp = 999 where id = %s", [user])
    assert broken_invariants(gamedb) == {"users_ledger_totals"}
    repaired = gamedb("query", "run", "repair_user_ledger_totals", "--format", "csv")
    assert repaired.stdout.splitlines() == ["user_id,total_xp,total_reputation", f"{user},30,8"]
    assert gamedb("check").exit_code == 0


def awarded(gamedb, *params) -> list:
    return [(r["rule_key"], r["user_id"], r["change"]) for r in rows(run(gamedb, "run_award_rules", *params))]


def holders(db) -> list:
    return db.execute("select b.key, g.user_id from reward.badge_grants as g join reward.badges as b"
                      " on b.id = g.badge_id order by 1, 2").fetchall()


def rules_written_long_ago(db):
    with db.transaction():  # the award rules' trigger stamps every change with now(): step around it
        db.execute("alter table reward.award_rules disable trigger award_rules_check")
        db.execute("update reward.award_rules set updated_at = now() - interval '1 day'")
        db.execute("alter table reward.award_rules enable trigger award_rules_check")


def test_incremental_award_rules_equal_a_full_run_on_random_answers(gamedb, db):
    """The seed rules first_answer (answer.created) and helpful (answer.accepted), and a revocable one, for
    the users of their events since the watermark, trusted for those whose score changed; the full path changes
    nothing more."""
    shuffle = random.Random(1134)
    users = [add_user(db, 1400 + n) for n in range(8)]
    doubts = [scalar(db, "insert into community.doubts (author_id, title, body) values (%s, 't', 'b') returning id",
                     [user]) for user in users[:4]]
    badge = scalar(db, "insert into reward.badges (key, name, description) values ('prolific', 'Prolific', '{}')"
                       " returning id")
    db.execute("insert into reward.award_rules (key, badge_id, query, revocable, triggered_by) values ('prolific', %s,"
               " 'select author_id as user_id from community.answers group by 1 having count(*) >= 2', true,"
               " '{answer.created}')", [badge])
    rules_written_long_ago(db)  # a rule changed since the watermark is evaluated for everyone
    assert awarded(gamedb) == []  # the first run: everyone, nobody qualifies yet
    for _ in range(4):
        two_hours_pass(db)
        for _ in range(5):
            db.execute("insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a')",
                       [shuffle.choice(doubts), shuffle.choice(users)])
        for answer in shuffle.sample([r[0] for r in db.execute(
                "select id from community.answers where not is_accepted").fetchall()], 2):
            db.execute("update community.answers set is_accepted = true where id = %s",
                       [answer])
        score = shuffle.choice([0.5, 0.8])
        db.execute("update trust.trust_scores set score = %s, historical_low = least(historical_low, %s),"
                   " historical_high = greatest(historical_high, %s) where user_id = %s",
                   [score, score, score, shuffle.choice(users)])
        awarded(gamedb)
        incremental = holders(db)
        assert awarded(gamedb) == []  # again: nothing new, nothing changed
        assert awarded(gamedb, "recompute_all=true") == []  # the full path changes nothing more
        assert holders(db) == incremental
    assert {key for key, _ in incremental} == {"first_answer", "helpful", "prolific", "trusted"}
    # An incremental run reads the users of a rule's events only: a rule whose trigger misses a change
    # (here: doubts for a rule about answers) is corrected by a full run, the day's first.
    badge = scalar(db, "insert into reward.badges (key, name, description) values ('writer', 'Writer', '{}')"
                       " returning id")
    db.execute("insert into reward.award_rules (key, badge_id, query, triggered_by) values ('writer', %s,"
               " 'select author_id as user_id from community.answers', '{doubt.created}')", [badge])
    assert len(awarded(gamedb, "rules=writer")) == len({u for _, u in incremental if _ == "first_answer"})
    two_hours_pass(db)
    rules_written_long_ago(db)
    newcomer = add_user(db, 1499)
    db.execute("insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a')",
               [doubts[0], newcomer])
    assert ("first_answer", newcomer, "grant") in awarded(gamedb)
    assert ("writer", newcomer, "grant") in awarded(gamedb, "recompute_all=true")


def test_leaderboard_hides_shadow_banned_and_opted_out_with_a_declared_tie_break(gamedb, db):
    users = [add_user(db, n) for n in (821, 822, 823, 824, 825)]
    for user, xp in zip(users, (50, 80, 50, 500, 900)):
        ledger_award(db, user, xp)
    ledger_award(db, users[0], 1000, when="now() - interval '400 days'")
    db.execute("update core.users set is_shadow_banned = true where id = %s", [users[3]])
    db.execute("update core.users set leaderboard_opt_out = true where id = %s", [users[4]])
    week = rows(run(gamedb, "xp_leaderboard", "period=week"))
    assert [(r["place"], r["user_id"], r["xp"]) for r in week] == [
        (1, users[1], 80), (2, users[0], 50), (3, users[2], 50)]
    overall = rows(run(gamedb, "xp_leaderboard", "period=all", "max_rows=1"))
    assert [(r["user_id"], r["xp"]) for r in overall] == [(users[0], 1050)]


def test_every_period_of_the_leaderboard_equals_the_ledger_s_sums(gamedb, db, login_as):
    """The rollup follows awards and corrections as the app writes them, period by period."""
    users = [add_user(db, n) for n in range(861, 866)]
    app = login_as("gamedb_app")
    for n, user in enumerate(users):
        app.execute("insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason)"
                    " values (%s, 'ANSWER_ACCEPTED', %s, %s, 'answer')", [user, 10 * (n + 1), 10 * (n + 1)])
    wrong = ledger_award(db, users[0], 300)[0]
    ledger_award(db, users[0], -300, "taken back", corrects=wrong)
    ledger_award(db, users[1], 7, when="date_trunc('month', now()) - interval '1 day'")  # last month
    for period in ("day", "week", "month", "all"):
        board = {r["user_id"]: r["xp"] for r in rows(run(gamedb, "xp_leaderboard", f"period={period}",
                                                          "max_rows=1000"))}
        since = "'-infinity'" if period == "all" else f"date_trunc('{period}', now())"
        expected = dict(db.execute(
            f"select user_id, sum(final_xp) from reward.xp_ledger where created_at >= {since}"
            " and user_id = any(%s) group by user_id having sum(final_xp) > 0", [users]).fetchall())
        assert {u: xp for u, xp in board.items() if u in users} == expected, period
    assert "xp_period_totals_true" not in broken_invariants(gamedb)
    refused(app, "update reward.xp_period_totals set xp = 1000000", match="permission denied")


@pytest.mark.parametrize("period, index", [("day", "idx_xp_period_totals_ranking"),
                                           ("month", "idx_xp_period_totals_ranking"),
                                           ("all", "idx_users_xp_ranking")])
def test_a_leaderboard_reads_a_ranking_index_not_the_ledger(conn, period, index):
    plan = plan_at_scale(conn, "xp_leaderboard", {"period": period})
    assert index in plan and "xp_ledger" not in plan, plan


def test_leaderboard_snapshots_are_immutable_and_show_the_change(gamedb, db):
    first, second, banned = (add_user(db, n) for n in (831, 832, 833))
    last_week = "date_trunc('week', now()) - interval '3 days'"
    ledger_award(db, first, 40, when=last_week)
    ledger_award(db, second, 90, when=last_week)
    ledger_award(db, banned, 999, when=last_week)
    db.execute("update core.users set is_shadow_banned = true where id = %s", [banned])
    # The week before, `first` was ahead.
    db.execute("insert into reward.leaderboard_snapshots (period_type, period_start, user_id, rank, score)"
               " values ('week', (date_trunc('week', now()) - interval '2 weeks')::date, %s, 1, 70),"
               " ('week', (date_trunc('week', now()) - interval '2 weeks')::date, %s, 2, 20)", [first, second])
    written = rows(run(gamedb, "snapshot_leaderboard", "period=week"))
    assert [(r["rank"], r["user_id"], r["score"], r["previous_rank"], r["places_gained"]) for r in written] == [
        (1, second, 90, 2, 1), (2, first, 40, 1, -1)]
    assert rows(run(gamedb, "snapshot_leaderboard", "period=week")) == []
    with pytest.raises(psycopg.Error, match="append-only"):
        db.execute("update reward.leaderboard_snapshots set rank = 1 where user_id = %s", [first])


def set_setting(db, key, value):
    db.execute("select core.set_setting(%s, %s, 'test')", [key, value])


def xp_row(conn, user, base_xp, when="now()"):
    """An XP award; returns what the cap left of it: (final_xp, cap_trimmed)."""
    return ledger_award(conn, user, base_xp, when=when)[1:]


def test_daily_xp_cap_withholds_the_excess_and_keeps_the_formula(conn):
    conn.execute("update core.gamification_settings set value = '100' where key = 'daily_xp_cap'")
    user = add_user(conn, 901)
    assert xp_row(conn, user, 60) == (60, 0)
    assert xp_row(conn, user, 60) == (40, 20)
    assert xp_row(conn, user, 10) == (0, 10)
    assert xp_row(conn, user, 50, "now() - interval '1 day'") == (50, 0)  # another UTC day, its own cap
    assert scalar(conn, "select total_xp from core.users where id = %s", [user]) == 150
    # A correction does not give the day's cap back.
    first = scalar(conn, "select min(id) from reward.xp_ledger where user_id = %s", [user])
    conn.execute("insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, corrects_id)"
                 " values (%s, 'REVERSAL', -60, -60, 'wrong', %s)", [user, first])
    assert xp_row(conn, user, 10) == (0, 10)
    assert scalar(conn, "select xp from reward.daily_earnings where user_id = %s and earned_on ="
                  " (now() at time zone 'UTC')::date", [user]) == 100
    # The formula still holds, cap or not: a made-up final_xp is refused.
    refused(conn, "insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason)"
            " values (%s, 'X', 10, 99, 'wrong')", [user], match="xp_ledger_final_xp_check")
    refused(conn, "insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, cap_trimmed)"
            " values (%s, 'X', 10, 5, 'hand-trimmed', 5)", [user], match="set by the daily cap")


def test_daily_reputation_cap_is_200_by_default(conn):
    user = add_user(conn, 902)
    changes = [conn.execute("insert into reward.reputation_ledger (user_id, event_type, change, reason)"
                            " values (%s, 'ANSWER_UPVOTED', 10, 'up') returning change, cap_trimmed",
                            [user]).fetchone() for _ in range(22)]
    assert changes[19] == (10, 0) and changes[20:] == [(0, 10), (0, 10)]
    conn.execute("insert into reward.reputation_ledger (user_id, event_type, change, reason)"
                 " values (%s, 'ANSWER_DOWNVOTED', -2, 'down')", [user])
    assert scalar(conn, "select total_reputation from core.users where id = %s", [user]) == 198


def test_caps_hold_under_concurrent_awards(db, db_url):
    set_setting(db, "daily_xp_cap", "100")
    user = add_user(db, 903)
    awards = 16
    start = threading.Barrier(awards)
    errors = []

    def award():
        try:
            with psycopg.connect(db_url) as conn, conn.transaction():
                conn.execute("select 1")
                start.wait(timeout=30)
                xp_row(conn, user, 15)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=award) for _ in range(awards)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert db.execute("select count(*), sum(final_xp), sum(cap_trimmed) from reward.xp_ledger where user_id = %s",
                      [user]).fetchone() == (awards, 100, awards * 15 - 100)
    assert scalar(db, "select total_xp from core.users where id = %s", [user]) == 100


def test_award_rules_dry_run_run_revoke_and_no_double_grants(gamedb, db):
    answerer, trusted = add_user(db, 971), add_user(db, 972)
    answers_by(db, answerer, 1)
    db.execute("update trust.trust_scores set score = 0.9, historical_high = 0.9 where user_id = %s", [trusted])
    before = snapshot(db)
    preview = rows(run(gamedb, "award_rules_preview"))
    assert snapshot(db) == before
    plan = [(r["rule_key"], r["user_id"], r["change"]) for r in preview]
    assert plan == [("first_answer", answerer, "grant"), ("trusted", trusted, "grant")]
    applied = rows(run(gamedb, "run_award_rules"))
    assert [(r["rule_key"], r["user_id"], r["change"]) for r in applied] == plan
    run_id = applied[0]["run_id"]
    assert db.execute("select b.key, g.user_id, g.run_id, g.rule_version from reward.badge_grants as g"
                      " join reward.badges as b on b.id = g.badge_id order by b.key").fetchall() == [
        ("first_answer", answerer, run_id, 1), ("trusted", trusted, run_id, 1)]
    assert rows(run(gamedb, "run_award_rules")) == []  # repeated: nothing granted twice
    # The trusted rule becomes stricter (version 2): the holder would lose it, and does.
    db.execute("update reward.award_rules set query = 'select t.user_id from trust.trust_scores as t"
               " where t.score >= 0.95' where key = 'trusted'")
    assert scalar(db, "select count(*) from reward.award_rule_versions v join reward.award_rules r"
                  " on r.id = v.rule_id where r.key = 'trusted'") == 2
    assert [(r["rule_version"], r["user_id"], r["change"]) for r in rows(run(gamedb, "award_rules_preview"))] == [
        (2, trusted, "revoke")]
    revoked = rows(run(gamedb, "run_award_rules", "rules=trusted"))
    assert [(r["user_id"], r["change"]) for r in revoked] == [(trusted, "revoke")]
    assert db.execute("select change, rule_version, run_id from reward.award_changes where user_id = %s"
                      " order by id", [trusted]).fetchall() == [
        ("grant", 1, run_id), ("revoke", 2, revoked[0]["run_id"])]
    assert db.execute("select granted, revoked from reward.award_runs order by id").fetchall() == [
        (2, 0), (0, 0), (0, 1)]


def test_an_award_rule_plans_linearly_right_after_a_bulk_grant(gamedb, db):
    """Statistics stale after a bulk grant (autovacuum off) cannot make a rule's check a nested loop."""
    db.execute("alter table reward.badge_grants set (autovacuum_enabled = false)")
    db.execute("insert into core.users (php_user_id) select 50000 + n from generate_series(1, 3000) as n")
    db.execute("analyze core.users")
    badge = scalar(db, "insert into reward.badges (key, name, description) values ('member', 'Member',"
                       " '{\"en\": \"joined\"}') returning id")
    rule = scalar(db, "insert into reward.award_rules (key, badge_id, query, revocable) values ('member', %s,"
                      " 'select id as user_id from core.users where php_user_id > 50000', true) returning id", [badge])
    first = rows(run(gamedb, "run_award_rules", "rules=member"))
    assert len(first) == 3000
    statement = scalar(db, "select reward.award_rule_changes_sql(%s)", [rule])
    plan = "\n".join(r[0] for r in db.execute("explain " + statement).fetchall())
    assert "Nested Loop Anti Join" not in plan and plan.count("SetOp") == 2, plan
    assert rows(run(gamedb, "run_award_rules", "rules=member")) == []  # the second run: nothing to change


@pytest.mark.parametrize("query", ["select 1 as nope", "delete from core.users returning id as user_id",
                                   "select 1 as user_id; drop table core.users"])
def test_an_award_rule_that_cannot_run_is_refused(conn, query):
    badge = scalar(conn, "select id from reward.badges where key = 'helpful'")
    refused(conn, "insert into reward.award_rules (key, badge_id, query) values ('broken', %s, %s)", [badge, query],
            match="must be one SELECT returning user_id")


def test_streaks_earn_and_spend_freezes_and_record_breaks(gamedb, db):
    user = add_user(db, 981)
    today = scalar(db, "select (now() at time zone 'UTC')::date")

    def day(offset):
        return (today + __import__("datetime").timedelta(days=offset)).isoformat()

    for offset in range(-12, -5):  # seven days of activity: one freeze earned
        last = rows(run(gamedb, "record_streak_activity", f"user_id={user}", f"active_on={day(offset)}"))
    assert [(r["current_length"], r["freezes_available"]) for r in last] == [(7, 1)]
    assert rows(run(gamedb, "record_streak_activity", f"user_id={user}", f"active_on={day(-6)}"))[0][
        "current_length"] == 7  # the same day twice counts once
    settled = rows(run(gamedb, "settle_streaks", f"day={day(-5)}"))
    assert [(r["kind"], r["days"], r["length_after"], r["freezes_after"]) for r in settled] == [
        ("freeze_spent", 1, 7, 0)]
    assert rows(run(gamedb, "settle_streaks", f"day={day(-5)}")) == []
    assert [(r["kind"], r["first_day"]) for r in rows(run(gamedb, "settle_streaks", f"day={day(-4)}"))] == [
        ("break", day(-4))]
    restarted = rows(run(gamedb, "record_streak_activity", f"user_id={user}", f"active_on={day(-1)}"))
    assert [(r["current_length"], r["freezes_available"]) for r in restarted] == [(1, 0)]
    assert db.execute("select kind, on_date::text, length_before, length_after from reward.streak_events"
                      " order by id").fetchall() == [
        ("freeze_earned", day(-6), 6, 7), ("freeze_spent", day(-5), 7, 7), ("break", day(-4), 7, 0)]
    assert scalar(db, "select longest_length from reward.streaks where user_id = %s", [user]) == 7
    today_refused = run(gamedb, "settle_streaks", f"day={day(0)}")
    assert today_refused.exit_code == 3 and "only a day that has ended" in today_refused.stderr


def test_challenge_rules(conn, course):
    with pytest.raises(psycopg.errors.CheckViolation, match="challenges_dates_check"):
        insert(conn, "reward.challenges", title="Backwards", description=Jsonb(GOOD_I18N), target_amount=5,
               start_date="2026-02-01", end_date="2026-01-01", created_by_id=course["user"])
    challenge = scalar(conn, "insert into reward.challenges (title, description, target_amount, start_date, end_date,"
                       " created_by_id) values ('Week', %s, 5, now() - interval '1 day', now() + interval '6 days',"
                       " %s) returning id", [json.dumps(GOOD_I18N), course["user"]])
    insert(conn, "reward.challenge_participants", challenge_id=challenge, user_id=course["user"])
    with pytest.raises(psycopg.errors.UniqueViolation, match="challenge_participants_challenge_id_user_id_key"):
        insert(conn, "reward.challenge_participants", challenge_id=challenge, user_id=course["user"])
    with pytest.raises(psycopg.errors.CheckViolation, match="challenge_participants_progress_check"):
        with conn.transaction():
            conn.execute("update reward.challenge_participants set progress = -1")


def make_challenge(db, creator, starts="now() - interval '1 day'", target=10):
    return scalar(db, "insert into reward.challenges (title, description, target_amount, start_date, end_date,"
                  f" created_by_id) values ('Quiz week', '{{\"en\": \"Answer quizzes\"}}', %s, {starts},"
                  f" {starts} + interval '7 days', %s) returning id", [target, creator])


def test_challenge_progress_and_leaderboard(gamedb, db):
    asha, ravi, meera = (add_user(db, n) for n in (311, 312, 313))
    challenge = make_challenge(db, asha)
    for user, amounts in ((asha, [4, 3]), (ravi, [7]), (meera, [12])):
        for amount in amounts:
            assert rows(run(gamedb, "challenge_add_progress", f"challenge_id={challenge}", f"user_id={user}",
                            f"amount={amount}"))
    board = rows(run(gamedb, "challenge_leaderboard", f"challenge_id={challenge}"))
    assert [(r["place"], r["user_id"], r["progress"], r["percent_done"]) for r in board] == [
        (1, meera, 12, 100.0), (2, asha, 7, 70.0), (3, ravi, 7, 70.0)]
    assert board[0]["completed_at"] is not None and board[1]["completed_at"] is None
    negative = run(gamedb, "challenge_add_progress", f"challenge_id={challenge}", f"user_id={asha}", "amount=-9")
    assert negative.exit_code == 3 and "challenge_participants_progress_check" in negative.stderr
    future = make_challenge(db, asha, starts="now() + interval '1 day'")
    assert rows(run(gamedb, "challenge_add_progress", f"challenge_id={future}", f"user_id={asha}", "amount=1")) == []
    assert gamedb("check").exit_code == 0


def test_nudge_cron_respects_language_daily_idempotence_and_weekly_cap(gamedb, db):
    vi_user = add_user(db, 331, language="vi")
    fr_user = add_user(db, 332, language="fr")
    active = add_user(db, 333)
    capped = add_user(db, 334)
    db.execute("update core.users set last_active_at = now() - interval '5 days' where id = any(%s)",
               [[vi_user, fr_user, capped]])
    db.execute("update core.users set last_active_at = now() - interval '1 day' where id = %s", [active])
    db.execute("insert into reward.nudge_history (user_id, nudge_type, language, message, sent_at, sent_on)"
               " select %s, 'course_reminder', 'en', '{\"en\": \"Hi\"}', now() - g * interval '1 day',"
               " current_date - g from generate_series(1, 2) g", [capped])
    sent = rows(run(gamedb, "nudge_inactive_users"))
    assert [(s["user_id"], s["language"]) for s in sent] == [(vi_user, "vi"), (fr_user, "en")]
    assert sent[0]["message"].startswith("Chúng tôi nhớ bạn")
    assert scalar(db, "select metadata ->> 'inactive_days' from reward.nudge_history where user_id = %s",
                  [vi_user]) == "5"
    assert rows(run(gamedb, "nudge_inactive_users")) == []
    assert scalar(db, "select count(*) from reward.nudge_history where nudge_type = 'inactivity'") == 2
    run(gamedb, "setting_set", "key=max_nudges_per_week", "value=3", "changed_by=test")
    assert [s["user_id"] for s in rows(run(gamedb, "nudge_inactive_users"))] == [capped]
    assert gamedb("check").exit_code == 0


def test_the_nudge_job_reads_inactive_users_through_an_index(conn):
    """The least recently active users come from the last_active_at index, not a scan of every user."""
    plan = plan_at_scale(conn, "nudge_inactive_users")
    assert "idx_users_last_active_at" in plan and "Seq Scan on users" not in plan, plan


def test_an_achievement_needs_distinct_users_over_days_and_cannot_be_unlocked_early(db, gamedb, app):
    db.execute("insert into reward.achievements (key, name, description, progress_target, min_unique_users,"
               " min_day_span) values ('helpful_5', 'Helpful', '{\"en\": \"five upvotes\"}', 5, 3, 2)")
    user, friend, second, third = (add_user(db, 9400 + n) for n in range(4))

    def progress(source, amount=1):
        return rows(run(gamedb, "record_achievement_progress", f"user_id={user}", "achievement_key=helpful_5",
                        f"amount={amount}", f"from_user_id={source}", role="gamedb_app"))[0]

    for _ in range(5):
        last = progress(friend)
    assert (last["current"], last["unique_users"], last["validated_count"], last["unlocked"]) == (5, 1, 5, False)
    assert last["missing"] == "1 of 3 distinct users, 0 of 2 days"
    assert progress(user)["unique_users"] == 1  # one's own progress adds to the amount only
    refused(app, "insert into reward.user_achievements (user_id, achievement_key) values (%s, 'helpful_5')", [user],
            match="not earned yet by user")
    refused(app, "update reward.achievement_progress set day_span = 30", match="permission denied")
    progress(second), progress(third)
    db.execute("update reward.achievement_progress set first_date = first_date - interval '2 days'")
    unlocked = progress(third)
    assert (unlocked["unique_users"], unlocked["day_span"], unlocked["unlocked"], unlocked["missing"]) == (
        3, 2, True, None)
    assert scalar(db, "select count(*) from reward.user_achievements where user_id = %s", [user]) == 1
    assert scalar(db, "select count(*) from core.event_logs where event_type = 'award.granted' and user_id = %s",
                  [user]) == 1
    before = snapshot(db)
    for args, code in ((["achievement_key=nope"], 3), (["achievement_key=helpful_5", "amount=0"], 2)):
        bad = run(gamedb, "record_achievement_progress", f"user_id={user}", *args, role="gamedb_app")
        assert bad.exit_code == code, bad.stderr
    assert snapshot(db) == before
