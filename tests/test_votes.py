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
