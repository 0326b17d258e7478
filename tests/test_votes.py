"""Votes as Stack Exchange treats them: retract, change, accept (run as gamedb_app)."""

import psycopg
import pytest

from tests.helpers import add_user, rows, run, scalar, snapshot


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
        ("abuse_flag.created", thread["voter"], "trust recomputed")]
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
