"""Rules the database holds: each refused case is refused and leaves the data as it was."""

import psycopg
import pytest

from tests.helpers import add_user, migration_before, migration_that, question_id, refused, scalar




# ---- critical flows ---------------------------------------------------------

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


def test_critical_flow_seed_rollback_restores_a_flow_that_existed(empty_db_url):
    """A flow that existed before the seed, disabled, gets its state back on rollback."""
    from runner.migrate import Migrator, Settings
    from tests.conftest import quiet

    migrator = Migrator(empty_db_url, Settings(), quiet)
    seed = migration_that(r"'help_v1'")
    migrator.migrate(up_to=migration_before(seed))
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        conn.execute("insert into chat.flows (id, name, enabled) values ('help_v1', 'Old help', false)")
        migrator.migrate(up_to=seed.id)
        assert conn.execute("select id, name, enabled, system_critical from chat.flows order by id").fetchall() == [
            ("farewell_v1", "Farewell", True, True),
            ("greeting_v1", "Greeting", True, True),
            ("help_v1", "Old help", True, True),
        ]
        migrator.rollback(count=1, to=None, everything=False)
        assert conn.execute("select id, name, enabled, system_critical, metadata from chat.flows").fetchall() == [
            ("help_v1", "Old help", False, False, None),
        ]


# ---- reward status ------------------------------------------------------------

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


# ---- settings -------------------------------------------------------------------

@pytest.mark.parametrize(("key", "bad_value"), [
    ("max_games_per_day", "ten"), ("max_games_per_day", "1e3"), ("game_system_enabled", "yes"),
    ("personalized_question_ratio", ""),
])
def test_a_setting_value_must_parse_as_its_type(conn, key, bad_value):
    refused(conn, "update core.gamification_settings set value = %s where key = %s", [bad_value, key],
            match="gamification_settings_value_check")


def test_json_and_string_settings(conn):
    refused(conn, "insert into core.gamification_settings (key, value, type, category)"
            " values ('bonus_days', '{not json', 'json', 'rewards')", match="value_check")
    conn.execute("insert into core.gamification_settings (key, value, type, category)"
                 " values ('bonus_days', '[\"sat\", \"sun\"]', 'json', 'rewards')")
    refused(conn, "insert into core.gamification_settings (key, value, type, category)"
            " values ('colour', 'red', 'colour', 'gameplay')", match="type_check")


def test_every_setting_change_is_kept_with_who_when_old_new(conn):
    conn.execute("select core.set_setting('max_games_per_day', '12', 'ops: Priya')")
    conn.execute("select core.set_setting('max_games_per_day', '12', 'ops: Priya')")  # no change, no row
    conn.execute("select core.set_setting('max_games_per_day', '8', 'cron: tune')")
    history = conn.execute(
        "select operation, old_value, new_value, changed_by, database_user, changed_at is not null"
        " from core.gamification_settings_history where setting_key = 'max_games_per_day' order by id"
    ).fetchall()
    assert history == [
        ("insert", None, "10", "migration 0018", "gamedb", True),
        ("update", "10", "12", "ops: Priya", "gamedb", True),
        ("update", "12", "8", "cron: tune", "gamedb", True),
    ]
    refused(conn, "update core.gamification_settings_history set new_value = '99'", match="append-only")
    refused(conn, "delete from core.gamification_settings_history", match="append-only")
    refused(conn, "truncate core.gamification_settings_history", match="append-only")


def test_unknown_setting_is_an_error(conn):
    refused(conn, "select core.set_setting('max_games_per_week', '3', 'x')", match="is not defined")
    refused(conn, "select core.setting_numeric('nope')", match="setting nope is not defined")


# ---- closed sets, ranges, links ------------------------------------------------------

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
