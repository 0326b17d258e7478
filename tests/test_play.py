"""The play module: game sessions, their rewards' moves, and the chat message that started a game."""

import pytest

from tests.helpers import add_user, question_id, refused, rows, run, scalar, snapshot


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


@pytest.fixture
def won_game(conn):
    """A completed, won game whose reward is pending."""
    user = add_user(conn, 501)
    question = question_id(conn, "I want to track my order")
    game = scalar(conn, "select id from play.start_game(%s, 'intent_quest', 's1', %s)", [user, question])
    conn.execute("select play.complete_game(%s, 'track_order')", [game])
    return game


def reward_status(conn, game):
    return scalar(conn, "select reward_status from play.game_sessions where id = %s", [game])


def test_reward_moves_pending_failed_pending_credited(conn, won_game):
    for status, tx in (("failed", None), ("pending", None), ("credited", "WTX-1")):
        conn.execute(
            "update play.game_sessions set reward_status = %s, reward_transaction_id = coalesce(%s, reward_transaction_id)"
            " where id = %s", [status, tx, won_game])
        assert reward_status(conn, won_game) == status


@pytest.mark.parametrize(("start", "target"), [
    ("credited", "pending"), ("credited", "failed"), ("failed", "credited"), ("credited", None),
])
def test_forbidden_reward_moves_are_refused(conn, won_game, start, target):
    if start == "credited":
        conn.execute("update play.game_sessions set reward_status = 'credited', reward_transaction_id = 'WTX-9'"
                     " where id = %s", [won_game])
    else:
        conn.execute("update play.game_sessions set reward_status = 'failed' where id = %s", [won_game])
    refused(conn, "update play.game_sessions set reward_status = %s where id = %s", [target, won_game],
            match="reward status cannot move")


def test_credited_needs_a_transaction_id_used_once_and_final(conn, won_game):
    refused(conn, "update play.game_sessions set reward_status = 'credited' where id = %s", [won_game],
            match="game_sessions_reward_credited_check")
    conn.execute("update play.game_sessions set reward_status = 'credited', reward_transaction_id = 'WTX-7'"
                 " where id = %s", [won_game])
    refused(conn, "update play.game_sessions set reward_transaction_id = 'WTX-8' where id = %s", [won_game],
            match="transaction id cannot change")
    user = scalar(conn, "select user_id from play.game_sessions where id = %s", [won_game])
    other = scalar(conn, "insert into play.game_sessions (session_id, user_id, game_type) values ('s2', %s,"
                   " 'intent_quest') returning id", [user])
    refused(conn, "update play.game_sessions set reward_status = 'credited', reward_transaction_id = 'WTX-7'"
            " where id = %s", [other], match="game_sessions_reward_transaction_id_key")


def test_game_session_links_are_real_foreign_keys(conn):
    user = add_user(conn, 77)
    game = scalar(conn, "insert into play.game_sessions (session_id, user_id, game_type) values ('s', %s,"
                  " 'intent_quest') returning id", [user])
    refused(conn, "update play.game_sessions set training_sample_id = 12345 where id = %s", [game],
            match="game_sessions_training_sample_id_fkey")
    refused(conn, "update play.game_sessions set conversation_log_id = 12345 where id = %s", [game],
            match="game_sessions_conversation_log_id_fkey")
    refused(conn, "update play.game_sessions set status = 'paused' where id = %s", [game],
            match="game_sessions_status_check")
    refused(conn, "insert into chat.conversation_memory (user_id, role, content) values (%s, 'bot', 'x')", [user],
            match="conversation_memory_role_check")
