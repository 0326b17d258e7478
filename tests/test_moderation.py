"""Moderation actions and their effect in every path a user acts through (as gamedb_app)."""

import psycopg
import pytest

from tests.helpers import add_user, attack, rows, run, scalar, snapshot


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
