"""Flows of the seeds that the database now runs end to end: training review, flagged quests, track phases."""

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.helpers import add_psychologist, add_user, rows, run, scalar, snapshot

GRAPH = {"nodes": [{"id": "start"}], "edges": []}


def sample(db, text, priority=0, source="conversation", confidence=0.9):
    return scalar(db, "insert into chat.training_samples (text, intent, source, review_priority, confidence)"
                      " values (%s, 'greeting', %s, %s, %s) returning id", [text, source, priority, confidence])


# ---- training review (seed 000) -------------------------------------------------------------

def test_the_review_queue_approve_reject_relabel_and_export(db, gamedb):
    low, high, other = sample(db, "hello"), sample(db, "refund please", priority=5), sample(db, "bye")
    queue = rows(run(gamedb, "training_review_queue", role="gamedb_app"))
    assert [s["sample_id"] for s in queue] == [high, low, other]
    approved = rows(run(gamedb, "review_training_sample", f"sample_id={low}", "reviewer=meera", "decision=approve",
                        role="gamedb_app"))
    assert [(s["review_status"], s["approved_by"]) for s in approved] == [("approved", "meera")]
    relabelled = rows(run(gamedb, "review_training_sample", f"sample_id={high}", "reviewer=meera",
                          "decision=relabel", "intent=complaint", role="gamedb_app"))
    assert [(s["intent"], s["review_status"]) for s in relabelled] == [("complaint", "approved")]
    rows(run(gamedb, "review_training_sample", f"sample_id={other}", "reviewer=meera", "decision=reject",
             role="gamedb_app"))
    assert db.execute("select id, review_status, approved, approved_by is not null, approved_at is not null"
                      " from chat.training_samples order by id").fetchall() == [
        (low, "approved", True, True, True), (high, "approved", True, True, True),
        (other, "rejected", False, True, True)]
    exported = rows(run(gamedb, "export_training_batch", "batch_id=b1"))
    assert sorted(s["id"] for s in exported) == [low, high]  # never the rejected one


def test_bulk_approval_by_filter(db, gamedb):
    game = [sample(db, f"g{n}", source="game", confidence=1) for n in range(3)]
    unsure = sample(db, "maybe", source="game", confidence=0.5)
    chat = sample(db, "c", source="conversation")
    approved = rows(run(gamedb, "approve_training_samples", "reviewer=bulk", "source=game", "min_confidence=0.9",
                        role="gamedb_app"))
    assert [s["sample_id"] for s in approved] == game
    assert db.execute("select id from chat.training_samples where review_status = 'pending' order by id"
                      ).fetchall() == [(unsure,), (chat,)]


@pytest.mark.parametrize("args, message", [
    (["decision=approve", "reviewer= "], "names its reviewer"),
    (["decision=relabel", "reviewer=m"], "relabel needs the new intent"),
    (["decision=approve", "reviewer=m", "intent=x"], "only relabel takes one"),
])
def test_a_bad_review_is_refused_and_changes_nothing(db, gamedb, args, message):
    target = sample(db, "hi")
    before = snapshot(db)
    result = run(gamedb, "review_training_sample", f"sample_id={target}", *args, role="gamedb_app")
    assert result.exit_code == 3 and message in result.stderr
    assert snapshot(db) == before


def test_a_decided_sample_is_not_decided_again_and_the_app_cannot_approve_by_hand(db, gamedb, app):
    target = sample(db, "hi")
    rows(run(gamedb, "review_training_sample", f"sample_id={target}", "reviewer=m", "decision=reject",
             role="gamedb_app"))
    again = run(gamedb, "review_training_sample", f"sample_id={target}", "reviewer=m", "decision=approve",
                role="gamedb_app")
    assert again.exit_code == 3 and "already reviewed (rejected)" in again.stderr
    before = snapshot(db)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute("update chat.training_samples set review_status = 'approved', approved = true,"
                    " approved_at = now() where id = %s", [target])
    assert snapshot(db) == before


# ---- quests (seed 002) -----------------------------------------------------------------------

def test_a_flagged_public_quest_leaves_the_marketplace_at_once(db, gamedb, app):
    parent, psychologist = add_user(db, 6101), add_psychologist(db, 6102)
    quest = scalar(db, "insert into quest.quests (quest_id, user_id, title, graph_structure)"
                       " values ('kite', %s, 'Kite', %s) returning id", [parent, Jsonb(GRAPH)])
    db.execute("insert into quest.psychologist_reviews (quest_id, reviewer_id, emotional_safety_score,"
               " therapeutic_correctness_score, age_appropriateness_score, reveal_timing_score)"
               " values (%s, %s, 5, 5, 5, 5)", [quest, psychologist])
    db.execute("select quest.decide_review(%s, true, true)", [quest])
    assert scalar(db, "select is_public from quest.quests where id = %s", [quest]) is True
    app.execute("update quest.quests set moderation_status = 'flagged' where id = %s", [quest])  # as the app
    assert scalar(db, "select is_public from quest.quests where id = %s", [quest]) is False
    assert rows(run(gamedb, "marketplace_browse")) == []
    assert gamedb("check").exit_code == 0


def test_a_recovery_track_moves_only_forward(db, gamedb):
    user = add_user(db, 6201)
    first = rows(run(gamedb, "record_track_activity", f"user_id={user}", "track_type=SELF_WORK", "total=4",
                     role="gamedb_app"))
    assert [(t["current_phase"], t["completed_activities"], t["completion_percentage"]) for t in first] == [
        ("AWARENESS", 1, 25)]
    moved = rows(run(gamedb, "record_track_activity", f"user_id={user}", "track_type=SELF_WORK", "phase=ACTION",
                     role="gamedb_app"))
    assert [(t["current_phase"], t["completed_activities"], t["completion_percentage"]) for t in moved] == [
        ("ACTION", 2, 50)]
    before = snapshot(db)
    back = run(gamedb, "record_track_activity", f"user_id={user}", "track_type=SELF_WORK", "phase=EXPRESSION",
               role="gamedb_app")
    assert back.exit_code == 3 and "cannot move back from ACTION to EXPRESSION" in back.stderr
    assert snapshot(db) == before


def test_only_a_verified_psychologist_reviews(db, gamedb, app):
    parent, someone = add_user(db, 6301), add_user(db, 6302)
    quest = scalar(db, "insert into quest.quests (quest_id, user_id, title, graph_structure)"
                       " values ('lamp', %s, 'Lamp', %s) returning id", [parent, Jsonb(GRAPH)])
    review = ["submit_review", f"quest_id={quest}", f"reviewer_id={someone}", "emotional_safety=5",
              "therapeutic_correctness=5", "age_appropriateness=5", "reveal_timing=5"]
    before = snapshot(db)
    refused = run(gamedb, *review, role="gamedb_app")
    assert refused.exit_code == 3 and "is not a verified psychologist" in refused.stderr
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute("insert into quest.psychologists (user_id, licence_number, verified_by) values (%s, 'x', 'me')",
                    [someone])
    assert snapshot(db) == before
    registered = rows(run(gamedb, "register_psychologist", f"user_id={someone}", "licence_number=RCI-1",
                          "verified_by=ops", role="gamedb_owner"))
    assert [r["revoked_at"] for r in registered] == [None]
    assert run(gamedb, *review, role="gamedb_app").exit_code == 0
    rows(run(gamedb, "register_psychologist", f"user_id={someone}", "licence_number=RCI-1", "verified_by=ops",
             "revoke=true", role="gamedb_owner"))
    other = scalar(db, "insert into quest.quests (quest_id, user_id, title, graph_structure)"
                       " values ('lamp2', %s, 'Lamp 2', %s) returning id", [parent, Jsonb(GRAPH)])
    review[1] = f"quest_id={other}"
    revoked = run(gamedb, *review, role="gamedb_app")
    assert revoked.exit_code == 3 and "is not a verified psychologist" in revoked.stderr
