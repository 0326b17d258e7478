"""The chat module: flows the bot cannot lose, and NLU training samples from the games to their review."""

import psycopg
import pytest

from tests.helpers import add_user, question_id, refused, rows, run, scalar, snapshot


def sample(db, text, priority=0, source="conversation", confidence=0.9):
    return scalar(db, "insert into chat.training_samples (text, intent, source, review_priority, confidence)"
                      " values (%s, 'greeting', %s, %s, %s) returning id", [text, source, priority, confidence])


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


def test_a_critical_flow_cannot_be_disabled_or_deleted(conn):
    refused(conn, "update chat.flows set enabled = false where id = 'help_v1'", match="cannot be disabled")
    refused(conn, "delete from chat.flows where id = 'greeting_v1'", match="cannot be deleted")
    refused(conn, "insert into chat.flows (id, enabled, system_critical) values ('x_v1', false, true)",
            match="cannot be disabled")


def test_the_owner_may_unmark_a_critical_flow_then_disable_it(conn):
    # What the application may not do (tests/test_attacks.py), a migration may.
    conn.execute("update chat.flows set system_critical = false where id = 'farewell_v1'")
    conn.execute("update chat.flows set enabled = false where id = 'farewell_v1'")
    assert conn.execute("select enabled, system_critical from chat.flows where id = 'farewell_v1'").fetchone() == (
        False, False)


def test_an_ordinary_flow_can_be_disabled_and_deleted(conn):
    conn.execute("insert into chat.flows (id, name) values ('promo_v1', 'Promo')")
    conn.execute("update chat.flows set enabled = false where id = 'promo_v1'")
    conn.execute("update chat.flows set description = 'still editable' where id = 'help_v1'")
    conn.execute("delete from chat.flows where id = 'promo_v1'")
    assert scalar(conn, "select count(*) from chat.flows where id = 'promo_v1'") == 0


@pytest.mark.parametrize(("statement", "constraint"), [
    ("insert into chat.conversation_logs (session_id, user_message, nlu_confidence) values ('s', 'hi', 1.5)",
     "conversation_logs_nlu_confidence_check"),
    ("insert into chat.conversation_logs (session_id, user_message, routed_to) values ('s', 'hi', 'human')",
     "conversation_logs_routed_to_check"),
    ("insert into chat.training_samples (text, intent, source, confidence) values ('hi', 'greet', 'manual', -0.1)",
     "training_samples_confidence_check"),
    ("insert into chat.training_samples (text, intent, review_status) values ('hi', 'greet', 'maybe')",
     "training_samples_review_status_check"),
    ("insert into chat.training_samples (text, intent, source) values ('hi', 'greet', 'scraped')",
     "training_samples_source_check"),
    ("insert into chat.training_samples (text, intent, approved, review_status) values ('hi', 'g', true, 'pending')",
     "training_samples_approved_check"),
    ("insert into play.game_questions (game_type, question_text, correct_answer, success_rate)"
     " values ('intent_quest', 'q', 'a', 2)", "game_questions_amounts_check"),
    ("insert into play.game_questions (game_type, question_text, correct_answer) values ('chess', 'q', 'a')",
     "game_questions_game_type_check"),
    ("insert into play.game_questions (game_type, question_text, correct_answer, answer_options)"
     " values ('intent_quest', 'q', 'a', '{\"a\": 1}')", "game_questions_answer_options_check"),
    ("insert into chat.conversation_memory (user_id, role, content) values (999, 'user', 'hi')",
     "conversation_memory_user_id_fkey"),
    ("insert into chat.flow_runs (flow_id) values ('no_such_flow')", "flow_runs_flow_id_fkey"),
    ("insert into play.game_sessions (session_id, user_id, game_type) values ('s', 999, 'intent_quest')",
     "game_sessions_user_id_fkey"),
])
def test_bad_rows_are_refused_by_name(conn, statement, constraint):
    refused(conn, statement, match=constraint)
