"""`gamedb try-rules`: bad writes an application might send, and what the database says to each.

Each attempt runs as gamedb_app in its own transaction, which is always
rolled back: nothing is ever written, whatever the outcome.
"""

import psycopg

from runner.db import describe
from runner.errors import DatabaseError

# (what is tried, setup run as the login, the bad write run as gamedb_app).
TRY_USER = "(select id from core.users where php_user_id = -1)"
ATTEMPTS = [
    ("disable a system-critical chat flow", [],
     "update chat.flows set enabled = false where id = 'help_v1'"),
    ("start a 6th game within the hour",
     ["insert into core.users (php_user_id) values (-1)"]
     + [f"select play.start_game({TRY_USER}, 'intent_quest', 'try-rules')"] * 5,
     f"select play.start_game({TRY_USER}, 'intent_quest', 'try-rules')"),
    ("edit a row of the XP ledger", [],
     "update reward.xp_ledger set final_xp = final_xp + 1000"),
    ("set a user's XP total directly", [],
     "update core.users set total_xp = 1000000"),
    ("store a child's progress without consent",
     ["insert into core.users (php_user_id) values (-1)"],
     f"insert into quest.quest_progress (user_id, quest_id, current_step)"
     f" select {TRY_USER}, min(id), 1 from quest.quests"),
    ("set daily_xp_cap to 99999999999", [],
     "select core.set_setting('daily_xp_cap', '99999999999', 'try-rules')"),
    ("vote while suspended",
     ["insert into core.users (php_user_id, is_suspended) values (-1, true)"],
     f"select community.cast_vote({TRY_USER}, 'answer', min(id), 'up') from community.answers"),
    ("unlock an achievement before it is earned",
     ["insert into core.users (php_user_id) values (-1)",
      "insert into reward.achievements (key, name, description, progress_target, min_unique_users)"
      " values ('try_rules', 'Try', '{\"en\": \"x\"}', 10, 3)"],
     f"insert into reward.user_achievements (user_id, achievement_key) values ({TRY_USER}, 'try_rules')"),
]


def try_rules(conn: psycopg.Connection, width: int = 46):
    """Yield (what was tried, how it ended, refused or not) for every attempt, each rolled back.

    Only the bad write's own failure counts as a refusal: an attempt that cannot be set up (the login
    may not become gamedb_app, say) stops the run with a DatabaseError, or it would pass untried."""
    for description, setup, bad_write in ATTEMPTS:
        with conn.transaction(force_rollback=True):
            try:
                for statement in setup:
                    conn.execute(statement)
                conn.execute("set local role gamedb_app")
            except psycopg.Error as exc:
                raise DatabaseError(f"try-rules could not set up {description!r}: {describe(exc)}") from exc
            try:
                with conn.transaction():
                    conn.execute(bad_write)
            except psycopg.Error as exc:
                message = describe(exc)
                yield description, "refused: " + (message if len(message) <= width else message[: width - 1] + "…"), True
            else:
                yield description, "ACCEPTED: a rule is missing", False
