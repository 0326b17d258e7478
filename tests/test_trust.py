"""The trust module: trust scores, abuse detection and its flags, fact checks, moderation."""

import random

import psycopg
import pytest

from tests.helpers import (NEAR_DUPLICATE_PAIRS, add_user, answers_by, attack, broken_invariants,
                           embeddings_with_copies, nested_plans, refused, rows, run, scalar, snapshot,
                           two_hours_pass)


def test_cosine_similarity_in_plain_sql(conn):
    def similarity(a, b):
        return scalar(conn, "select trust.cosine_similarity(%s::real[], %s::real[])", [a, b])

    assert similarity([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert similarity([1, 0], [0, 1]) == pytest.approx(0.0)
    assert similarity([1, 0], [-1, 0]) == pytest.approx(-1.0)
    assert similarity([0, 0], [1, 1]) is None


def test_every_user_has_a_trust_score_and_backfills_are_idempotent(conn):
    user = add_user(conn, 721)
    assert conn.execute("select score, historical_low, historical_high from trust.trust_scores where user_id = %s",
                        [user]).fetchone() == (0.5, 0.5, 0.5)


def abuse_flags(db) -> list:
    return db.execute(
        "select f.flag_type, f.user_id, f.detector_key, f.severity, f.details,"
        " array(select e.source_table || ':' || e.source_id from trust.abuse_flag_evidence as e"
        "       where e.flag_id = f.id order by 1)"
        " from trust.abuse_flags as f order by 1, 2, 3").fetchall()


def detected(gamedb, *params) -> int:
    """Flags detect_abuse wrote (new or updated)."""
    return sum(f["flags_new"] + f["flags_updated"] for f in rows(run(gamedb, "detect_abuse", *params)))


def test_incremental_abuse_detection_equals_a_full_run_on_random_votes(gamedb, db):
    shuffle = random.Random(2611)
    for key, value in (("abuse_vote_trading_min_votes", "2"), ("abuse_serial_votes_per_day", "3"),
                       ("abuse_low_entropy_min_votes", "4")):
        db.execute("update core.gamification_settings set value = %s where key = %s", [value, key])
    users = [add_user(db, 1300 + n) for n in range(10)]
    doubt = scalar(db, "insert into community.doubts (author_id, title, body) values (%s, 't', 'b') returning id",
                   [users[0]])
    answers = {user: [scalar(db, "insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a')"
                                 " returning id", [doubt, user]) for _ in range(6)] for user in users}
    embed = ("insert into trust.content_embeddings (content_type, content_id, user_id, embedding, text)"
             " values ('answer', %s, %s, %s::real[], 'text')")
    rows(run(gamedb, "refresh_vote_graph"))
    detected(gamedb)  # the first run: everyone
    for round_ in range(5):
        two_hours_pass(db)
        db.execute("update trust.content_embeddings set created_at = created_at - interval '2 hours'")
        pairs = [shuffle.sample(users[:5], 2) for _ in range(8)]  # dense enough to trade and to rush
        pairs += [shuffle.sample(users, 2)] * 3  # a burst: one voter, one author, one day
        for voter, author in pairs:
            db.execute("insert into community.answer_votes (answer_id, voter_id, value) values (%s, %s, 1)"
                       " on conflict do nothing", [shuffle.choice(answers[author]), voter])
        for n in range(2):  # a little new content, now and then a copy of something older
            base = [1.0, float(shuffle.randint(1, 3)), float(round_ % 2)]
            db.execute(embed, [round_ * 10 + n, shuffle.choice(users), base + [0.0] * 381])
        rows(run(gamedb, "refresh_vote_graph"))
        detected(gamedb)
        incremental = abuse_flags(db)
        assert detected(gamedb) == 0  # again: nothing new, nothing written
        assert detected(gamedb, "recompute_all=true") == 0  # the full path writes nothing more
        assert abuse_flags(db) == incremental
    assert {f[0] for f in incremental} >= {"VOTE_TRADING", "SERIAL_VOTING", "SIMILARITY_HIGH"}
    # What the incremental run reads is what changed: a threshold lowered changes nobody's votes, so only
    # a full run (recompute_all, or the day's first) applies it.
    two_hours_pass(db)
    db.execute("update core.gamification_settings set value = '1' where key = 'abuse_vote_trading_min_votes'")
    assert detected(gamedb) == 0
    assert detected(gamedb, "recompute_all=true") > 0


def trust_scores(db) -> list:
    return db.execute("select user_id, score, mastery_reliability, nli_track_record, community_validation,"
                      " account_age_trust, interaction_entropy, vote_pattern_score, similarity_flags, abuse_flags"
                      " from trust.trust_scores order by user_id").fetchall()


def recomputed_trust(gamedb, *params) -> tuple:
    (result,) = rows(run(gamedb, "recompute_trust_scores", *params))
    assert result["watermark_advanced"] is True
    return result["full_recompute"], result["users_touched"], result["scores_changed"]


def test_the_incremental_trust_scores_equal_a_full_recompute(gamedb, db):
    shuffle = random.Random(112326)
    users = [add_user(db, 890 + n) for n in range(10)]
    db.execute("update core.users set created_at = now() - interval '400 days' where id = any(%s)", [users[5:]])
    doubt = scalar(db, "insert into community.doubts (author_id, title, body) values (%s, 't', 'b') returning id",
                   [users[0]])
    answers = [scalar(db, "insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a')"
                          " returning id", [doubt, shuffle.choice(users)]) for _ in range(15)]
    concept = scalar(db, "insert into learn.concepts (name) values ('fractions') returning id")
    assert recomputed_trust(gamedb)[0] is True
    for round_ in range(4):
        two_hours_pass(db)
        for _ in range(6):
            db.execute("select * from community.cast_vote(%s, 'answer', %s, %s)",
                       [shuffle.choice(users), shuffle.choice(answers), shuffle.choice(["up", "down"])])
        flagged, checked, learner = (shuffle.choice(users) for _ in range(3))
        db.execute("insert into trust.abuse_flags (user_id, flag_type, severity, details, detector_key)"
                   " values (%s, 'LOW_ENTROPY', 2, '{}', %s)", [flagged, f"round{round_}"])
        db.execute("select trust.record_fact_check(%s, 'x', 'y', '[{\"label\": \"contradiction\"}]', 0.2, 'BLOCK')",
                   [checked])
        db.execute("insert into learn.mastery_records (user_id, concept_id, mastery) values (%s, %s, %s)"
                   " on conflict do nothing", [learner, concept, round(shuffle.random(), 4)])
        rows(run(gamedb, "refresh_vote_graph"))
        full, touched, _ = recomputed_trust(gamedb)
        assert full is False and 0 < touched < len(users) + 1
        incremental = trust_scores(db)
        assert recomputed_trust(gamedb)[2] == 0  # again: nothing new
        assert recomputed_trust(gamedb, "recompute_all=true")[::2] == (True, 0)  # the full path agrees
        assert trust_scores(db) == incremental
    # A day later: only accounts younger than 180 days age; the first run of the day recomputes them.
    two_hours_pass(db)
    db.execute("update core.users set created_at = created_at - interval '1 day' where id = any(%s)", [users])
    db.execute("update core.job_watermarks set last_full_at = last_full_at - interval '1 day'")
    young_before = dict(db.execute("select user_id, account_age_trust from trust.trust_scores"
                                   " where user_id = any(%s)", [users[:5]]).fetchall())
    full, touched, changed = recomputed_trust(gamedb)
    assert full is False and touched >= 5 and changed >= 5
    assert all(age > young_before[user] for user, age in db.execute(
        "select user_id, account_age_trust from trust.trust_scores where user_id = any(%s)", [users[:5]]))
    assert recomputed_trust(gamedb, "recompute_all=true")[2] == 0


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


def test_a_fact_check_is_logged_with_counts_from_its_claims(db, gamedb):
    user = add_user(db, 9501)
    claims = '[{"claim": "a", "label": "entailment"}, {"claim": "b", "label": "entailment"},' \
             ' {"claim": "c", "label": "contradiction"}]'
    logged = rows(run(gamedb, "record_fact_check", f"user_id={user}", "generated_text=answer", "context_used=ctx",
                      f"claims={claims}", "overall_confidence=0.71", "action_taken=DISPLAY_WITH_WARNING",
                      role="gamedb_app"))
    assert [(r["claims_checked"], r["entailment_count"], r["contradiction_count"], r["neutral_count"],
             r["safe_to_display"]) for r in logged] == [(3, 2, 1, 0, True)]
    blocked = rows(run(gamedb, "record_fact_check", "generated_text=x", "context_used=y", "claims=[]",
                       "overall_confidence=0", "action_taken=BLOCK", role="gamedb_app"))
    assert blocked[0]["safe_to_display"] is False and blocked[0]["claims_checked"] == 0
    before = snapshot(db)
    for claims_text, code in (('[{"claim": "a", "label": "maybe"}]', 3), ("not json", 2)):
        bad = run(gamedb, "record_fact_check", "generated_text=x", "context_used=y", f"claims={claims_text}",
                  "overall_confidence=0.5", "action_taken=DISPLAY", role="gamedb_app")
        assert bad.exit_code == code, bad.stderr
    assert snapshot(db) == before


@pytest.fixture
def people(db):
    admin, user, author = add_user(db, 7001), add_user(db, 7002), add_user(db, 7003)
    doubt = scalar(db, "insert into community.doubts (author_id, title, body) values (%s, 't', 'b') returning id",
                   [author])
    answer = scalar(db, "insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a') returning id",
                    [doubt, author])
    return {"admin": admin, "user": user, "author": author, "doubt": doubt, "answer": answer}


def moderate(gamedb, people, action, *extra):
    return run(gamedb, "moderate_user", f"admin_id={people['admin']}", f"user_id={people['user']}",
               f"action={action}", "reason=spam in three threads", *extra, role="gamedb_app")


def acts(app, people) -> dict[str, str]:
    """Every way the user acts, each tried in its own transaction: 'ok' or the refusal."""
    attempts = {
        "doubt": ("insert into community.doubts (author_id, title, body) values (%s, 'q', 'b')", [people["user"]]),
        "answer": ("insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a')",
                   [people["doubt"], people["user"]]),
        "vote": ("insert into community.answer_votes (answer_id, voter_id, value) values (%s, %s, 1)",
                 [people["answer"], people["user"]]),
        "game": ("select play.start_game(%s, 'intent_quest', 's')", [people["user"]]),
        "xp": ("insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason)"
               " values (%s, 'ANSWER_ACCEPTED', 10, 10, 'x')", [people["user"]]),
    }
    outcome = {}
    for name, (statement, params) in attempts.items():
        try:
            with app.transaction(force_rollback=True):
                app.execute(statement, params)
            outcome[name] = "ok"
        except psycopg.Error as exc:
            outcome[name] = "refused" if "suspended or banned" in str(exc) else str(exc)
    return outcome


ALL_OK = dict.fromkeys(["doubt", "answer", "vote", "game", "xp"], "ok")


ALL_REFUSED = dict.fromkeys(ALL_OK, "refused")


def test_suspend_ban_and_restore_take_effect_everywhere(app, db, gamedb, people):
    assert acts(app, people) == ALL_OK
    suspended = rows(moderate(gamedb, people, "suspend", "until=2099-01-01T00:00:00+00:00"))
    assert [(r["action"], r["details"]["is_suspended"]) for r in suspended] == [("SUSPEND", True)]
    assert acts(app, people) == ALL_REFUSED
    rows(moderate(gamedb, people, "restore"))
    assert acts(app, people) == ALL_OK
    rows(moderate(gamedb, people, "ban"))
    assert acts(app, people) == ALL_REFUSED
    # A suspension that has ended no longer counts.
    db.execute("update core.users set suspended_until = now() - interval '1 minute' where id = %s", [people["user"]])
    assert acts(app, people) == ALL_OK
    log = db.execute("select admin_id, action, reason from trust.moderation_logs where target_user_id = %s"
                     " order by id", [people["user"]]).fetchall()
    assert log == [(people["admin"], a, "spam in three threads") for a in ("SUSPEND", "RESTORE", "BAN")]


def test_a_shadow_banned_voter_moves_no_reputation(app, db, gamedb, people):
    rows(moderate(gamedb, people, "shadow_ban"))
    voted = run(gamedb, "cast_vote", f"voter_id={people['user']}", "content=answer",
                f"content_id={people['answer']}", role="gamedb_app")
    assert voted.exit_code == 0 and rows(voted) == []  # the vote is kept, no reputation row
    assert scalar(db, "select count(*) from community.answer_votes where voter_id = %s", [people["user"]]) == 1
    assert scalar(db, "select total_reputation from core.users where id = %s", [people["author"]]) == 0
    vote = scalar(db, "select id from community.answer_votes where voter_id = %s", [people["user"]])
    before = snapshot(db)
    with pytest.raises(psycopg.Error, match="shadow-banned"):
        app.execute("insert into reward.reputation_ledger (user_id, event_type, change, reason, source_id)"
                    " values (%s, 'ANSWER_UPVOTED', 10, 'x', %s)", [people["author"], f"community.answer_votes:{vote}"])
    assert snapshot(db) == before


@pytest.mark.parametrize("statement", [
    "update core.users set is_suspended = false, suspended_until = null",
    "update core.users set is_shadow_banned = false",
    "insert into trust.moderation_logs (admin_id, target_user_id, action, reason) values (1, 2, 'RESTORE', 'x')",
    "delete from trust.moderation_logs",
])
def test_the_app_cannot_moderate_behind_the_log(app, db, statement):
    attack(app, db, statement)


@pytest.mark.parametrize("extra, message", [
    (["action=suspend"], "SUSPEND needs an end in the future"),
    (["action=suspend", "until=2000-01-01T00:00:00+00:00"], "SUSPEND needs an end in the future"),
    (["action=warn", "until=2099-01-01T00:00:00+00:00"], "only SUSPEND takes one"),
    (["action=warn", "admin_id=7002"], "must be another, existing user"),
    (["action=warn", "user_id=999999"], "no user with id 999999"),
])
def test_a_bad_moderation_request_is_refused_and_changes_nothing(db, gamedb, people, extra, message):
    before = snapshot(db)
    given = {"admin_id": people["admin"], "user_id": people["user"], "reason": "r"}
    given.update(dict(item.split("=", 1) for item in extra))
    result = run(gamedb, "moderate_user", *[f"{k}={v}" for k, v in given.items()], role="gamedb_app")
    assert result.exit_code == 3 and message in result.stderr
    assert snapshot(db) == before


def test_near_duplicates_are_compared_within_shared_buckets_and_none_is_missed(conn):
    embeddings_with_copies(conn)
    found = conn.execute("select id, match_id from trust.near_duplicates_since(null) order by 1, 2").fetchall()
    assert found == conn.execute(NEAR_DUPLICATE_PAIRS, [0.95]).fetchall() and len(found) >= 6
    # Unrelated items rarely share a bucket: the candidates are a small part of all pairs.
    shared, pairs = conn.execute(
        "select count(*) filter (where a.lsh_buckets && b.lsh_buckets), count(*)"
        " from trust.content_embeddings as a join trust.content_embeddings as b on a.id < b.id").fetchone()
    assert shared < pairs * 0.03, (shared, pairs)


def test_a_threshold_below_0_9_compares_every_pair(conn):
    embeddings_with_copies(conn, items=40)
    conn.execute("select core.set_setting('abuse_similarity_min', '0.6', 'test')")
    expected = conn.execute(NEAR_DUPLICATE_PAIRS, [0.6]).fetchall()
    in_buckets = scalar(conn, "select count(*) from (" + NEAR_DUPLICATE_PAIRS + ") as p (b, a)"
                        " where (select x.lsh_buckets from trust.content_embeddings as x where x.id = p.b)"
                        " && (select y.lsh_buckets from trust.content_embeddings as y where y.id = p.a)", [0.6])
    assert in_buckets < len(expected)  # the buckets alone would miss pairs this far apart
    assert conn.execute("select id, match_id from trust.near_duplicates_since(null) order by 1, 2").fetchall() == expected


def test_a_new_item_reads_its_candidates_through_the_bucket_index(conn):
    """The plan of the function's own query (auto_explain, as a notice), as it would be at scale."""
    embeddings_with_copies(conn, items=20, copies=2)
    # The same plan whatever autovacuum sampled from this shared database so far: no statistics
    # (the planner's defaults), not those of a few dozen rows (rolled back with the test).
    conn.execute("delete from pg_statistic where starelid = 'trust.content_embeddings'::regclass")
    conn.execute("update pg_class set reltuples = -1 where oid = 'trust.content_embeddings'::regclass")
    conn.execute("set local enable_seqscan = off")
    plans = nested_plans(conn, "select count(*) from trust.near_duplicates_since(now() - interval '1 hour')")
    inner = next(p for p in plans if "content_embeddings" in p and "lsh_buckets" in p)
    assert "idx_content_embeddings_lsh_buckets" in inner and "idx_content_embeddings_created_at" in inner, inner


def test_buckets_follow_the_embedding_and_are_the_same_for_the_same_vector(conn):
    embeddings_with_copies(conn, items=3, copies=0)
    first = conn.execute("select id, lsh_buckets from trust.content_embeddings order by id limit 1").fetchone()
    assert len(first[1]) == 16 and [b // 4096 for b in first[1]] == list(range(16))
    assert scalar(conn, "select trust.lsh_buckets(embedding) from trust.content_embeddings where id = %s",
                  [first[0]]) == first[1]
    conn.execute("update trust.content_embeddings set embedding = array_fill(1::real, array[384]) where id = %s",
                 [first[0]])
    assert scalar(conn, "select lsh_buckets from trust.content_embeddings where id = %s", [first[0]]) != first[1]


KEY_COLUMNS = ("select array_agg(a.attname::text order by k.n) from pg_constraint as c"
               " cross join unnest(c.conkey) with ordinality as k (attnum, n)"
               " join pg_attribute as a on a.attrelid = c.conrelid and a.attnum = k.attnum"
               " where c.conrelid = %s::regclass and c.conname = %s")


