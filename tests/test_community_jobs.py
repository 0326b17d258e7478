"""Seed 004's jobs: daily caps, votes and their reputation, abuse detectors, trust, award rules, streaks."""

import threading

import psycopg
import pytest

from runner.migrate import Migrator, Settings
from tests.conftest import quiet
from tests.helpers import (add_user, broken_invariants, ledger_award, migration_before, migration_that, refused, rows, run,
                           scalar, snapshot)


def set_setting(db, key, value):
    db.execute("select core.set_setting(%s, %s, 'test')", [key, value])


def xp_row(conn, user, base_xp, when="now()"):
    """An XP award; returns what the cap left of it: (final_xp, cap_trimmed)."""
    return ledger_award(conn, user, base_xp, when=when)[1:]


# ---- daily caps -------------------------------------------------------------------------

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


def test_undoing_the_caps_refuses_once_an_award_was_trimmed(db, db_url):
    set_setting(db, "daily_xp_cap", "10")
    xp_row(db, add_user(db, 904), 50)
    migrator = Migrator(db_url, Settings(), quiet)
    with pytest.raises(Exception, match="has rows the daily cap trimmed"):
        migrator.rollback(count=None, to=migration_before(migration_that(r"^create table reward\.daily_earnings")), everything=False)
    migrator.close()
    assert scalar(db, "select to_regclass('reward.daily_earnings')::text") == "reward.daily_earnings"


# ---- votes, detectors, reviews ----------------------------------------------------------

def answers_by(db, author, count):
    doubt = scalar(db, "insert into community.doubts (author_id, title, body) values (%s, 'q', 'b') returning id",
                   [author])
    return [scalar(db, "insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a') returning id",
                   [doubt, author]) for _ in range(count)]


def upvote_all(db, voter, answers, when="now()", days_apart=False):
    """Upvote each answer at `when`, or one a day back from now (too slowly to be serial voting)."""
    for day, answer in enumerate(answers):
        at = f"now() - interval '{day} days'" if days_apart else when
        db.execute(f"insert into community.answer_votes (answer_id, voter_id, value, created_at)"
                   f" values (%s, %s, 1, {at})",
                   [answer, voter])


def flags(db, flag_type):
    return sorted(db.execute("select user_id, detector_key from trust.abuse_flags where flag_type = %s",
                             [flag_type]).fetchall())


def test_cast_vote_gives_reputation_once_and_never_for_oneself(gamedb, db):
    voter, author = add_user(db, 911), add_user(db, 912)
    (answer,) = answers_by(db, author, 1)
    vote = rows(run(gamedb, "cast_vote", f"voter_id={voter}", "content=answer", f"content_id={answer}"))
    assert [(v["author_id"], v["reputation_change"], v["cap_trimmed"]) for v in vote] == [(author, 10, 0)]
    assert rows(run(gamedb, "cast_vote", f"voter_id={voter}", "content=answer", f"content_id={answer}")) == []
    assert rows(run(gamedb, "cast_vote", f"voter_id={author}", "content=answer", f"content_id={answer}")) == []
    doubt = scalar(db, "select doubt_id from community.answers where id = %s", [answer])
    down = rows(run(gamedb, "cast_vote", f"voter_id={voter}", "content=doubt", f"content_id={doubt}",
                    "direction=down"))
    assert [v["reputation_change"] for v in down] == [-2]
    assert db.execute("select source_id, event_type from reward.reputation_ledger order by id").fetchall() == [
        (f"community.answer_votes:{vote[0]['vote_id']}", "ANSWER_UPVOTED"),
        (f"community.doubt_votes:{down[0]['vote_id']}", "DOUBT_DOWNVOTED")]
    assert scalar(db, "select total_reputation from core.users where id = %s", [author]) == 8
    bad = run(gamedb, "cast_vote", f"voter_id={voter}", "content=comment", f"content_id={answer}")
    assert bad.exit_code == 2


def test_confirmed_serial_votes_are_reversed_by_compensating_rows(gamedb, db):
    fan, friend, moderator = add_user(db, 921), add_user(db, 922), add_user(db, 923)
    for answer in answers_by(db, friend, 6):
        assert run(gamedb, "cast_vote", f"voter_id={fan}", "content=answer", f"content_id={answer}").exit_code == 0
    assert scalar(db, "select total_reputation from core.users where id = %s", [friend]) == 60
    found = rows(run(gamedb, "detect_abuse"))
    assert [(f["flag_type"], f["flags_new"], f["evidence_added"]) for f in found] == [("SERIAL_VOTING", 1, 6)]
    assert rows(run(gamedb, "detect_abuse")) == []  # idempotent: nothing new, nothing written
    flag = scalar(db, "select id from trust.abuse_flags where user_id = %s", [fan])
    queue = rows(run(gamedb, "abuse_flags_pending", "max_rows=10"))
    assert [(q["flag_id"], q["flag_type"], q["user_id"]) for q in queue] == [(flag, "SERIAL_VOTING", fan)]
    reviewed = rows(run(gamedb, "review_abuse_flag", f"flag_id={flag}", "decision=CONFIRMED",
                        f"reviewer_id={moderator}"))
    assert [(r["user_id"], r["status"]) for r in reviewed] == [(fan, "CONFIRMED")]
    assert db.execute("select count(*), sum(change) from reward.reputation_ledger"
                      " where event_type = 'SERIAL_VOTE_REVERSED' and corrects_id is not null").fetchone() == (6, -60)
    assert scalar(db, "select total_reputation from core.users where id = %s", [friend]) == 0
    assert rows(run(gamedb, "abuse_flags_pending")) == []  # the queue is empty once reviewed
    # A review is final: again, or by hand, nothing changes.
    assert rows(run(gamedb, "review_abuse_flag", f"flag_id={flag}", "decision=FALSE_POSITIVE",
                    f"reviewer_id={moderator}")) == []
    refused(db, "update trust.abuse_flags set status = 'FALSE_POSITIVE' where id = %s", [flag],
            match="a review is final")
    refused(db, "delete from trust.abuse_flag_evidence where flag_id = %s", [flag], match="evidence is final")
    assert gamedb("check").exit_code == 0


def test_check_finds_a_confirmed_serial_voting_flag_left_unreversed(gamedb, db):
    fan, friend = add_user(db, 926), add_user(db, 927)
    for answer in answers_by(db, friend, 5):
        run(gamedb, "cast_vote", f"voter_id={fan}", "content=answer", f"content_id={answer}")
    run(gamedb, "detect_abuse")
    # Confirmed behind the trigger's back (as a restore of old data might).
    db.execute("alter table trust.abuse_flags disable trigger abuse_flags_reverse_serial_votes")
    db.execute("update trust.abuse_flags set status = 'CONFIRMED', reviewed_at = now()")
    assert broken_invariants(gamedb) == {"serial_votes_reversed"}


def test_a_vote_ring_is_flagged_and_honest_users_are_not(gamedb, db):
    ring = [add_user(db, n) for n in (931, 932, 933)]
    honest = [add_user(db, n) for n in (934, 935, 936, 937)]
    answers = {user: answers_by(db, user, 6) for user in ring + honest}
    for voter in ring:  # every ring member upvotes the others, two a day
        for target in ring:
            if target != voter:
                for day, answer in enumerate(answers[target]):
                    upvote_all(db, voter, [answer], f"now() - interval '{day // 2} days'")
    # Honest users: one-way votes, and one friendly pair that votes back a little.
    upvote_all(db, honest[0], answers[honest[1]][:4])
    upvote_all(db, honest[1], answers[honest[0]][:1])
    upvote_all(db, honest[2], answers[honest[3]][:2] + answers[ring[0]][:1])
    upvote_all(db, honest[3], answers[honest[2]][:2])
    run(gamedb, "refresh_vote_graph")
    found = {f["flag_type"]: f for f in rows(run(gamedb, "detect_abuse"))}
    assert set(found) == {"VOTE_TRADING"} and found["VOTE_TRADING"]["flags_new"] == 6
    low, high = min(ring), max(ring)
    middle = sorted(ring)[1]
    assert {user for user, _ in flags(db, "VOTE_TRADING")} == set(ring)
    assert {key for _, key in flags(db, "VOTE_TRADING")} == {
        f"pair:{low}-{middle}", f"pair:{low}-{high}", f"pair:{middle}-{high}"}
    # Each flag rests on the 12 upvotes between its pair.
    assert db.execute("select min(n), max(n) from (select count(*) as n from trust.abuse_flag_evidence"
                      " group by flag_id) as e").fetchone() == (12, 12)
    before = snapshot(db)
    assert rows(run(gamedb, "detect_abuse")) == []
    after = snapshot(db)
    assert after.pop("core.job_watermarks") != before.pop("core.job_watermarks")  # only its watermark moved
    assert after == before


def test_low_interaction_entropy_is_flagged(gamedb, db):
    narrow, broad, target = add_user(db, 941), add_user(db, 942), add_user(db, 943)
    targets = [add_user(db, 9440 + n) for n in range(20)]
    upvote_all(db, narrow, answers_by(db, target, 20), days_apart=True)
    for other in targets:
        upvote_all(db, broad, answers_by(db, other, 1))
    run(gamedb, "refresh_vote_graph")
    assert [(f["flag_type"], f["flags_new"]) for f in rows(run(gamedb, "detect_abuse"))] == [("LOW_ENTROPY", 1)]
    assert flags(db, "LOW_ENTROPY") == [(narrow, "entropy")]
    assert db.execute("select votes_given, targets, entropy::float from trust.interaction_entropy"
                      " where user_id in (%s, %s) order by user_id", [narrow, broad]).fetchall() == [
        (20, 1, 0.0), (20, 20, 1.0)]


def vector(*values):
    return [float(v) for v in values] + [0.0] * (384 - len(values))


def test_near_duplicate_content_is_flagged_with_both_texts_as_evidence(gamedb, db):
    author, copier, other = add_user(db, 951), add_user(db, 952), add_user(db, 953)
    insert = ("insert into trust.content_embeddings (content_type, content_id, user_id, embedding, text, created_at)"
              " values ('answer', %s, %s, %s::real[], 'text', now() - %s::interval) returning id")
    original = scalar(db, insert, [1, author, vector(1, 2, 3), "30 days"])
    copy = scalar(db, insert, [2, copier, vector(1, 2, 3.05), "1 hour"])
    scalar(db, insert, [3, other, vector(3, -2, 0), "1 hour"])
    found = rows(run(gamedb, "detect_abuse", "flag_types=SIMILARITY_HIGH"))
    assert [(f["flag_type"], f["flags_new"], f["evidence_added"]) for f in found] == [("SIMILARITY_HIGH", 1, 2)]
    assert flags(db, "SIMILARITY_HIGH") == [(copier, f"content:{copy}")]
    assert sorted(r[0] for r in db.execute("select source_id from trust.abuse_flag_evidence").fetchall()) == [
        original, copy]
    assert rows(run(gamedb, "detect_abuse", "flag_types=SIMILARITY_HIGH")) == []


# ---- trust recompute ----------------------------------------------------------------------

def test_trust_recompute_follows_flags_and_keeps_the_historical_low_and_high(gamedb, db):
    user, moderator = add_user(db, 961), add_user(db, 962)
    db.execute("update core.users set created_at = now() - interval '1 year' where id = %s", [user])
    run(gamedb, "recompute_trust_scores")
    trusted = float(scalar(db, "select score from trust.trust_scores where user_id = %s", [user]))
    flag = scalar(db, "insert into trust.abuse_flags (user_id, flag_type, severity, details)"
                  " values (%s, 'SPAM_POSTING', 5, '{}') returning id", [user])
    assert rows(run(gamedb, "recompute_trust_scores"))[0]["scores_changed"] >= 1
    flagged = db.execute("select score::float, abuse_flags, historical_low::float, historical_high::float"
                         " from trust.trust_scores"
                         " where user_id = %s", [user]).fetchone()
    assert flagged[0] == pytest.approx(trusted - 0.1) and flagged[1] == 1
    assert flagged[2] == min(0.5, flagged[0]) and flagged[3] == max(0.5, trusted)
    run(gamedb, "review_abuse_flag", f"flag_id={flag}", "decision=FALSE_POSITIVE", f"reviewer_id={moderator}")
    run(gamedb, "recompute_trust_scores")
    assert db.execute("select score::float, historical_low::float, trust_score_cache::float"
                      " from trust.trust_scores as t"
                      " join core.users as u on u.id = t.user_id where user_id = %s", [user]).fetchone() == (
        trusted, flagged[2], trusted)
    again = rows(run(gamedb, "recompute_trust_scores"))
    assert [(r["scores_changed"], r["caches_changed"]) for r in again] == [(0, 0)]


# ---- award rules --------------------------------------------------------------------------

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


# ---- streaks ------------------------------------------------------------------------------

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


# ---- demo ---------------------------------------------------------------------------------

def test_demo_community_shows_a_leaderboard_and_a_flagged_vote_ring(gamedb, db):
    assert gamedb("load-demo").exit_code == 0
    run(gamedb, "refresh_vote_graph")
    run(gamedb, "detect_abuse")
    flagged = db.execute("select distinct u.php_user_id, a.flag_type from trust.abuse_flags as a"
                         " join core.users as u on u.id = a.user_id order by 1").fetchall()
    assert flagged == [(9105, "VOTE_TRADING"), (9106, "VOTE_TRADING"), (9107, "VOTE_TRADING"),
                       (9108, "SERIAL_VOTING")]
    board = rows(run(gamedb, "xp_leaderboard", "period=all"))
    assert board and "Spam" not in {r["first_name"] for r in board}
    assert gamedb("check").exit_code == 0
