"""Flows of the seeds that the database now runs end to end: training review, flagged quests, track phases."""

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.helpers import add_psychologist, add_user, question_id, refused, rows, run, scalar, snapshot

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
    unsure = sample(db, "maybe", source="manual", confidence=0.5)
    chat = sample(db, "c", source="conversation")
    approved = rows(run(gamedb, "approve_training_samples", "reviewer=bulk", "source=game", "min_confidence=0.9",
                        role="gamedb_app"))
    assert [s["sample_id"] for s in approved] == game
    assert rows(run(gamedb, "approve_training_samples", "reviewer=bulk", "source=manual", "min_confidence=0.9",
                    role="gamedb_app")) == []
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


def test_game_answers_are_saved_whatever_the_threshold_and_chat_messages_only_above_it(db, gamedb, app):
    """min_confidence_auto_save is for the NLU's guesses; a game answer is confirmed by the known answer."""
    db.execute("select core.set_setting('min_confidence_auto_save', '0.95', 'test')")
    user = add_user(db, 9301)
    game = rows(run(gamedb, "start_game", f"user_id={user}", "game_type=intent_quest", "session_id=s",
                    f"question_id={question_id(db, 'I want to track my order')}"))[0]["game_session_id"]
    won = rows(run(gamedb, "complete_game", f"game_session_id={game}", "answer=track_order"))[0]
    assert scalar(db, "select confidence from chat.training_samples where id = %s", [won["training_sample_id"]]) == 1
    for statement, message in (
        ("insert into chat.training_samples (text, intent, source, confidence) values ('x', 'y', 'game', 0.5)",
         "confirmed by the known answer: confidence is 1"),
        ("insert into chat.training_samples (text, intent, source, confidence)"
         " values ('x', 'y', 'conversation', 0.9)", r"at least min_confidence_auto_save \(0\.95\)"),
        ("insert into chat.training_samples (text, intent, source) values ('x', 'y', 'conversation')", "not none"),
    ):
        refused(app, statement, match=message)
    app.execute("insert into chat.training_samples (text, intent, source, confidence) values ('x', 'y', 'manual', 0.3)")
    assert scalar(app, "insert into chat.training_samples (text, intent) values ('x', 'y') returning confidence") == 1


def test_a_game_knows_the_chat_message_that_started_it(db, gamedb):
    user, other = add_user(db, 9311), add_user(db, 9312)
    message = scalar(db, "insert into chat.conversation_logs (user_id, session_id, user_message) values (%s, 'chat-1',"
                         " 'play a game') returning id", [user])
    started = rows(run(gamedb, "start_game", f"user_id={user}", "game_type=intent_quest", "session_id=chat-1",
                       f"conversation_log_id={message}", role="gamedb_app"))
    assert scalar(db, "select conversation_log_id from play.game_sessions where id = %s",
                  [started[0]["game_session_id"]]) == message
    before = snapshot(db)
    for args in ((f"user_id={other}", "session_id=chat-1"), (f"user_id={user}", "session_id=chat-2")):
        wrong = run(gamedb, "start_game", *args, "game_type=intent_quest", f"conversation_log_id={message}",
                    role="gamedb_app")
        assert wrong.exit_code == 3 and f"conversation message {message} is not in chat session" in wrong.stderr
    assert snapshot(db) == before


# ---- achievements and fact checks (seed 004) ------------------------------------------------

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
