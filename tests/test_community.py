"""The community module: votes and their reputation, accepted answers, the vote graph."""

import random

import psycopg
import pytest

from tests.helpers import (add_user, answers_by, attack_each, broken_invariants, rows, run, scalar, snapshot,
                           two_hours_pass)


def test_vote_graph_refresh_measures_reciprocity(gamedb, db):
    ring_a, ring_b, honest, author = (add_user(db, n) for n in (801, 802, 803, 804))
    answers = {}
    doubt = scalar(db, "insert into community.doubts (author_id, title, body) values (%s, 'q', 'b') returning id",
                   [author])
    for user in (ring_a, ring_b, author):
        answers[user] = [scalar(db, "insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a')"
                                " returning id", [doubt, user]) for _ in range(3)]

    def vote(voter, target, value=1):
        for answer in answers[target]:
            db.execute("insert into community.answer_votes (answer_id, voter_id, value) values (%s, %s, %s)",
                       [answer, voter, value])

    vote(ring_a, ring_b)
    vote(ring_b, ring_a)
    vote(honest, author)
    vote(honest, ring_a, -1)
    assert refreshed(gamedb) == (True, 4, 4, 0)  # the first run recomputes everything
    graph = {(r[0], r[1]): r[2:] for r in db.execute(
        "select voter_id, target_user_id, vote_count, upvote_count, downvote_count, reciprocity::float"
        " from community.vote_graph").fetchall()}
    assert graph == {(ring_a, ring_b): (3, 3, 0, 1.0), (ring_b, ring_a): (3, 3, 0, 1.0),
                     (honest, author): (3, 3, 0, 0.0), (honest, ring_a): (3, 0, 3, 0.0)}
    assert refreshed(gamedb) == (False, 0, 0, 0)  # incremental: no vote changed, no pair is counted
    db.execute("delete from community.answer_votes where voter_id = %s", [honest])
    assert refreshed(gamedb) == (False, 2, 0, 2)
    # No foreign key holds an edge's target (on Citus it lives on another shard): an edge to nobody is found.
    assert "vote_graph_names_users" not in broken_invariants(gamedb)
    db.execute("update community.vote_graph set target_user_id = -1 where voter_id = %s", [ring_a])
    assert "vote_graph_names_users" in broken_invariants(gamedb)


def test_the_application_writes_no_edge_of_the_vote_graph(app, db):
    """The graph is the database's (no foreign key holds an edge's target): the application can
    neither add an edge nor point one at somebody else, or at nobody."""
    voter, target = add_user(db, 805), add_user(db, 806)
    db.execute("insert into community.vote_graph (voter_id, target_user_id, vote_count, upvote_count)"
               " values (%s, %s, 1, 1)", [voter, target])
    attack_each(app, db, [f"insert into community.vote_graph (voter_id, target_user_id) values ({voter}, -1)",
                          f"update community.vote_graph set target_user_id = -1 where voter_id = {voter}",
                          f"delete from community.vote_graph where voter_id = {voter}"])


def refreshed(gamedb, *params) -> tuple:
    (result,) = rows(run(gamedb, "refresh_vote_graph", *params))
    assert result["watermark_advanced"] is True
    return result["full_recompute"], result["pairs"], result["written"], result["removed"]


def vote_graph(db) -> list:
    return db.execute("select voter_id, target_user_id, vote_count, upvote_count, downvote_count, reciprocity,"
                      " last_vote_at from community.vote_graph order by 1, 2").fetchall()


def vote_totals(db) -> list:
    return db.execute("select * from community.user_vote_totals order by user_id").fetchall()


def test_the_incremental_vote_graph_equals_a_full_recompute_on_random_votes(gamedb, db):
    shuffle = random.Random(20261123)
    users = [add_user(db, 880 + n) for n in range(12)]
    doubt = scalar(db, "insert into community.doubts (author_id, title, body) values (%s, 't', 'b') returning id",
                   [users[0]])
    answers = [scalar(db, "insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a')"
                          " returning id", [doubt, shuffle.choice(users)]) for _ in range(25)]
    assert refreshed(gamedb)[0] is True

    burst = [scalar(db, "insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'b')"
                        " returning id", [doubt, users[2]]) for _ in range(3)]
    recomputed = []  # (pairs an incremental run recomputed, pairs in the graph)
    for round_ in range(6):
        two_hours_pass(db)
        for _ in range(8):
            action = shuffle.choice(["cast", "cast", "retract", "change", "give"])
            votes = db.execute("select voter_id, answer_id, value from community.answer_votes order by id").fetchall()
            if action == "cast" or not votes:
                db.execute("select * from community.cast_vote(%s, 'answer', %s, %s)",
                           [shuffle.choice(users), shuffle.choice(answers), shuffle.choice(["up", "down"])])
                continue
            voter, answer, value = shuffle.choice(votes)
            if action == "give":  # the answer changes author: its votes move to the new author's pairs
                db.execute("update community.answers set author_id = %s where id = %s",
                           [shuffle.choice(users), answer])
            elif action == "retract":
                db.execute("select * from community.retract_vote(%s, 'answer', %s)", [voter, answer])
            else:
                db.execute("select * from community.change_vote(%s, 'answer', %s, %s)",
                           [voter, answer, "down" if value > 0 else "up"])
        with db.transaction():  # one voter's votes on one author in one transaction share a created_at
            for answer in burst:
                db.execute("select * from community.cast_vote(%s, 'answer', %s, 'up')", [users[3 + round_], answer])
        full_recompute, pairs, _, _ = refreshed(gamedb)
        assert full_recompute is False
        assert scalar(db, "select coalesce(sum(vote_count), 0) from community.vote_graph") == scalar(
            db, "select count(*) from community.user_votes where voter_id <> target_user_id")
        incremental, totals = vote_graph(db), vote_totals(db)
        recomputed.append((pairs, len(incremental)))
        assert refreshed(gamedb)[2:] == (0, 0)  # again: nothing new, nothing written
        assert refreshed(gamedb, "recompute_all=true")[::2] == (True, 0)  # the full path writes nothing more
        assert vote_graph(db) == incremental and incremental
        assert vote_totals(db) == totals and totals
    assert any(pairs < total for pairs, total in recomputed)  # it recomputed only what the votes touched


def test_a_vote_still_being_written_during_a_refresh_is_added_by_the_next(gamedb, db, db_url):
    voter, author = add_user(db, 931), add_user(db, 932)
    early, late = answers_by(db, author, 2)
    assert refreshed(gamedb)[0] is True
    with psycopg.connect(db_url) as writer:  # its transaction commits when the block ends
        # (a plain insert: cast_vote would hold the author's reputation row until the commit)
        writer.execute("insert into community.answer_votes (answer_id, voter_id, value) values (%s, %s, -1)",
                       [late, voter])
        db.execute("select * from community.cast_vote(%s, 'answer', %s, 'up')", [voter, early])
        assert refreshed(gamedb)[1:] == (1, 1, 0)
        assert vote_graph(db)[0][2:5] == (1, 1, 0)
    assert refreshed(gamedb)[1:] == (1, 1, 0)
    assert vote_graph(db)[0][2:5] == (2, 1, 1)
    assert scalar(db, "select count(*) from community.vote_graph_changes") == 0
    graph = vote_graph(db)
    assert refreshed(gamedb, "recompute_all=true")[::2] == (True, 0) and vote_graph(db) == graph


def test_totals_that_drift_from_the_graph_are_found_and_a_full_refresh_repairs_them(gamedb, db):
    voter, author = add_user(db, 941), add_user(db, 942)
    for answer in answers_by(db, author, 2):
        db.execute("select * from community.cast_vote(%s, 'answer', %s, 'up')", [voter, answer])
    refreshed(gamedb)
    assert "vote_totals_match_graph" not in broken_invariants(gamedb)
    db.execute("update community.user_vote_totals set votes_received = votes_received + 5 where user_id = %s",
               [author])
    assert "vote_totals_match_graph" in broken_invariants(gamedb)
    assert refreshed(gamedb, "recompute_all=true")[0] is True
    assert "vote_totals_match_graph" not in broken_invariants(gamedb)
    assert scalar(db, "select votes_received from community.user_vote_totals where user_id = %s", [author]) == 2


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


@pytest.fixture
def thread(db):
    asker, helper, voter = add_user(db, 7101), add_user(db, 7102), add_user(db, 7103)
    doubt = scalar(db, "insert into community.doubts (author_id, title, body) values (%s, 't', 'b') returning id",
                   [asker])
    answers = [scalar(db, "insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a')"
                          " returning id", [doubt, helper]) for _ in range(2)]
    return {"asker": asker, "helper": helper, "voter": voter, "doubt": doubt, "answers": answers}


def reputation(db, user):
    return scalar(db, "select total_reputation from core.users where id = %s", [user])


def vote(gamedb, thread, direction, answer=0):
    return run(gamedb, "cast_vote", f"voter_id={thread['voter']}", "content=answer",
               f"content_id={thread['answers'][answer]}", f"direction={direction}", role="gamedb_app")


def retract(gamedb, thread, answer=0):
    return run(gamedb, "retract_vote", f"voter_id={thread['voter']}", "content=answer",
               f"content_id={thread['answers'][answer]}", role="gamedb_app")


def test_a_vote_is_retracted_and_changed_with_its_reputation(db, gamedb, thread):
    rows(vote(gamedb, thread, "up"))
    assert reputation(db, thread["helper"]) == 10
    assert [(r["vote_value"], r["reputation_taken_back"]) for r in rows(retract(gamedb, thread))] == [(1, 10)]
    assert reputation(db, thread["helper"]) == 0
    assert scalar(db, "select count(*) from community.answer_votes") == 0
    rows(vote(gamedb, thread, "down"))  # changed: retract, then the other vote
    assert reputation(db, thread["helper"]) == -2
    assert gamedb("check").exit_code == 0
    before = snapshot(db)
    missing = retract(gamedb, thread, answer=1)
    assert missing.exit_code == 3 and "has no vote on answer" in missing.stderr
    assert snapshot(db) == before


def test_accepting_an_answer_rewards_both_outside_the_cap(db, gamedb, thread):
    db.execute("select core.set_setting('daily_reputation_cap', '5', 'test')")
    accepted = rows(run(gamedb, "accept_answer", f"answer_id={thread['answers'][0]}", f"user_id={thread['asker']}",
                        role="gamedb_app"))
    assert [a["is_accepted"] for a in accepted] == [True]
    assert (reputation(db, thread["helper"]), reputation(db, thread["asker"])) == (15, 2)
    again = rows(run(gamedb, "accept_answer", f"answer_id={thread['answers'][0]}", f"user_id={thread['asker']}",
                     role="gamedb_app"))
    assert [a["is_accepted"] for a in again] == [True] and reputation(db, thread["helper"]) == 15
    # Accepting the other answer instead takes the first one's reputation back.
    rows(run(gamedb, "accept_answer", f"answer_id={thread['answers'][1]}", f"user_id={thread['asker']}",
             role="gamedb_app"))
    assert db.execute("select id, is_accepted from community.answers order by id").fetchall() == [
        (thread["answers"][0], False), (thread["answers"][1], True)]
    assert (reputation(db, thread["helper"]), reputation(db, thread["asker"])) == (15, 2)
    assert gamedb("check").exit_code == 0


def test_only_the_asker_accepts_and_the_app_cannot_forge_uncapped_rows(db, gamedb, thread, app):
    before = snapshot(db)
    refused = run(gamedb, "accept_answer", f"answer_id={thread['answers'][0]}", f"user_id={thread['voter']}",
                  role="gamedb_app")
    assert refused.exit_code == 3 and "only the author of doubt" in refused.stderr
    with pytest.raises(psycopg.Error, match="written only by community.accept_answer"):
        app.execute("insert into reward.reputation_ledger (user_id, event_type, change, reason)"
                    " values (%s, 'ANSWER_ACCEPTED', 1000, 'forged')", [thread["helper"]])
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute("update community.answers set is_accepted = true where id = %s", [thread["answers"][0]])
    assert snapshot(db) == before


def change(gamedb, thread, direction, answer=0):
    return run(gamedb, "change_vote", f"voter_id={thread['voter']}", "content=answer",
               f"content_id={thread['answers'][answer]}", f"direction={direction}", role="gamedb_app")


def test_a_vote_is_changed_in_one_call_with_compensating_reputation(db, gamedb, thread):
    rows(vote(gamedb, thread, "up"))
    changed = rows(change(gamedb, thread, "down"))
    assert [(r["author_id"], r["reputation_change"]) for r in changed] == [(thread["helper"], -2)]
    assert reputation(db, thread["helper"]) == -2
    assert db.execute("select event_type, change, corrects_id is not null from reward.reputation_ledger"
                      " where user_id = %s order by id", [thread["helper"]]).fetchall() == [
        ("ANSWER_UPVOTED", 10, False), ("VOTE_RETRACTED", -10, True), ("ANSWER_DOWNVOTED", -2, False)]
    assert scalar(db, "select value from community.answer_votes where voter_id = %s", [thread["voter"]]) == -1
    rows(change(gamedb, thread, "up"))
    assert reputation(db, thread["helper"]) == 10
    before = snapshot(db)
    same = change(gamedb, thread, "up")
    assert same.exit_code == 3 and "already voted up on answer" in same.stderr
    none = change(gamedb, thread, "down", answer=1)
    assert none.exit_code == 3 and "has no vote on answer" in none.stderr
    assert snapshot(db) == before
    assert gamedb("check").exit_code == 0


def test_the_database_logs_community_events_and_process_event_log_follows_them_up(db, gamedb, thread):
    db.execute("delete from core.event_logs")
    rows(vote(gamedb, thread, "up"))
    rows(run(gamedb, "accept_answer", f"answer_id={thread['answers'][0]}", f"user_id={thread['asker']}",
             role="gamedb_app"))
    db.execute("insert into trust.abuse_flags (user_id, flag_type, severity, details) values (%s, 'SERIAL_VOTING',"
               " 3, '{}')", [thread["voter"]])
    db.execute("update trust.trust_scores set score = 0.99, historical_high = 0.99 where user_id = %s",
               [thread["voter"]])
    events = rows(run(gamedb, "process_event_log", role="gamedb_app"))
    assert [(e["event_type"], e["user_id"], e["follow_up"]) for e in events] == [
        ("vote.cast", thread["voter"], None),
        ("answer.accepted", thread["helper"], "xp awarded"),
        ("abuse_flag.created", thread["voter"], "trust recomputed"),
        ("trust.score_changed", thread["voter"], None)]
    assert events[1]["target_id"] == f"community.answers:{thread['answers'][0]}"
    assert db.execute("select final_xp, reason from reward.xp_ledger where user_id = %s", [thread["helper"]]
                      ).fetchall() == [(15, f"answer {thread['answers'][0]} accepted")]
    assert scalar(db, "select score <> 0.99 from trust.trust_scores where user_id = %s", [thread["voter"]])
    # Accepted again after another answer: the XP is once per answer.
    for answer in (1, 0):
        rows(run(gamedb, "accept_answer", f"answer_id={thread['answers'][answer]}",
                 f"user_id={thread['asker']}", role="gamedb_app"))
    rows(run(gamedb, "process_event_log", role="gamedb_app"))
    assert scalar(db, "select count(*) from reward.xp_ledger where user_id = %s and reason = %s",
                  [thread["helper"], f"answer {thread['answers'][0]} accepted"]) == 1
    assert rows(run(gamedb, "process_event_log", role="gamedb_app")) == []  # each event once
    doubt_events = scalar(db, "select count(*) from core.event_logs where event_type = 'doubt.created'")
    assert doubt_events == 0  # the fixture's doubt was logged before the delete above


def test_the_application_cannot_forge_or_skip_the_database_s_events(db, login_as, thread):
    app = login_as("gamedb_app")
    app.execute("insert into community.doubts (author_id, title, body) values (%s, 'q', 'b')", [thread["asker"]])
    assert scalar(db, "select count(*) from core.event_logs where event_type = 'doubt.created' and user_id = %s",
                  [thread["asker"]]) == 2  # the fixture's and this one
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute("alter table community.doubts disable trigger doubts_log_event")
