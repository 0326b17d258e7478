"""The database's rules against its own roles: each attack connects as gamedb_app or gamedb_readonly.

Every attack is refused (or, where the database stamps a value itself, made
harmless) and leaves the data as it was. The tables, columns and privileges
attacked are read from the catalogue and from core.table_access, so a new
table is attacked as soon as it is declared.
"""

import json
import subprocess
import threading
import uuid
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from runner.localpg import find_bindir
from runner.queries import all_queries, bound_values_in_literals
from runner.schema import module_schemas
from tests.helpers import (add_course, add_enrolment, add_psychologist, add_user, answers_by, attack, attack_each, broken_invariants,
                           question_id, rows, run, run_at_once, scalar, snapshot, wait_for)

CAP = 1000  # daily_xp_cap as 0002_core_baseline seeds it


@pytest.fixture
def reader(login_as):
    with login_as("gamedb_readonly") as connection:
        yield connection


def relation(table: str) -> sql.Composable:
    """A `schema.table` name from core.table_access as SQL."""
    return sql.Identifier(*table.split("."))


def declared(db, where="true"):
    return db.execute(f"select table_name, app_privileges, personal_columns from core.table_access where {where}"
                      " order by table_name").fetchall()


def test_the_unchanged_check_sees_every_write_and_nothing_undone(conn):
    """What every attack below is judged by (helpers.snapshot): a row written to the values it held is
    a change, a write undone is none, and a row in any partition counts."""
    user = add_user(conn, 9901)
    before = snapshot(conn)
    with conn.transaction(force_rollback=True):
        conn.execute("update core.users set phone = phone where id = %s", [user])
    assert snapshot(conn) == before
    conn.execute("update core.users set phone = phone where id = %s", [user])
    assert snapshot(conn) != before
    before = snapshot(conn)
    conn.execute("insert into core.event_logs (event_type, user_id, metadata) values ('signup', %s, '{}')", [user])
    assert snapshot(conn)["core.event_logs"] != before["core.event_logs"]


# ---- 1. daily caps, ledgers and totals -----------------------------------------------------

def test_backdated_awards_are_refused_and_awards_stay_under_the_cap(app, db):
    """The time of a ledger row is the database's: naming one (to escape today's cap, or to write into a
    month of the writer's choosing) is refused; awards written the same day stay under the cap."""
    user = add_user(db, 5001)
    attack_each(app, db, [
        "insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, created_at)"
        f" values ({user}, 'ANSWER_ACCEPTED', {CAP}, {CAP}, 'old', now() - interval '1 day')",
        "insert into reward.reputation_ledger (user_id, event_type, change, reason, created_at)"
        f" values ({user}, 'ANSWER_UPVOTED', 200, 'old', now() - interval '1 day')",
        "insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, corrects_created_at)"
        f" values ({user}, 'ANSWER_ACCEPTED', 1, 1, 'odd', now())",
    ])
    for _ in range(20):
        app.execute("insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason)"
                    " values (%s, 'ANSWER_ACCEPTED', %s, %s, 'today')", [user, CAP, CAP])
        app.execute("insert into reward.reputation_ledger (user_id, event_type, change, reason)"
                    " values (%s, 'ANSWER_UPVOTED', 200, 'today')", [user])
    assert db.execute("select total_xp, total_reputation from core.users where id = %s", [user]).fetchone() == (
        CAP, 200)
    assert db.execute("select xp, reputation from reward.daily_earnings where user_id = %s", [user]).fetchall() == [
        (CAP, 200)]


def test_the_app_cannot_touch_cap_bookkeeping_or_totals(app, db):
    user = add_user(db, 5002)
    db.execute("insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason)"
               " values (%s, 'ANSWER_ACCEPTED', %s, %s, 'earned')", [user, CAP, CAP])
    for statement in (
        "delete from reward.daily_earnings",
        "update reward.daily_earnings set xp = 0",
        "insert into reward.daily_earnings (user_id, earned_on) values (%s, current_date + 1)" % user,
        "update core.users set total_xp = 999999 where id = %s" % user,
        "update core.users set total_reputation = 999999 where id = %s" % user,
        "update core.users set total_rewards_earned = 999999, total_games_played = 0 where id = %s" % user,
        "insert into core.users (php_user_id, total_xp) values (5999, 1000000)",
        "delete from core.users where id = %s" % user,
    ):
        attack(app, db, statement)


def test_negative_awards_must_correct_or_be_a_real_downvote(app, db):
    user = add_user(db, 5003)
    attack(app, db, "insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason)"
                    " values (%s, 'PENALTY', -50, -50, 'forged')", [user], match="must correct an earlier row")
    attack(app, db, "insert into reward.reputation_ledger (user_id, event_type, change, reason, source_id)"
                    " values (%s, 'ANSWER_DOWNVOTED', -2, 'forged', 'community.answer_votes:1')", [user],
           match="one downvote")
    # A correction of an existing row is the application's to write.
    award = scalar(app, "insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason)"
                        " values (%s, 'ANSWER_ACCEPTED', 30, 30, 'ok') returning id", [user])
    app.execute("insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, corrects_id)"
                " values (%s, 'CORRECTION', -30, -30, 'undo', %s)", [user, award])
    assert scalar(db, "select total_xp from core.users where id = %s", [user]) == 0


@pytest.mark.parametrize("isolation", ["read committed", "repeatable read"])
def test_two_writers_cannot_take_back_one_award_twice(app, db, login_as, isolation):
    """No unique key can hold "taken back once" on a ledger partitioned by month (a correction lands in a later
    month than its row): the ledger's trigger holds it after taking the user's row lock. Two connections as
    gamedb_app take back one award at once: the second waits for the first, then is refused."""
    user = add_user(db, 5011)
    award = scalar(app, "insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason)"
                        " values (%s, 'ANSWER_ACCEPTED', 30, 30, 'ok') returning id", [user])
    take_back = ("insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, corrects_id)"
                 f" values ({user}, 'CORRECTION', -30, -30, 'undo', {award})")
    second, refusal = login_as("gamedb_app"), []

    def take_back_again():
        try:
            with second.transaction():
                second.execute(f"set transaction isolation level {isolation}")
                second.execute("select count(*) from reward.xp_ledger")  # the snapshot predates the first's commit
                started.set()
                second.execute(take_back)
        except psycopg.Error as exc:
            refusal.append(exc)

    started = threading.Event()
    with app.transaction():
        app.execute(take_back)
        thread = threading.Thread(target=take_back_again)
        thread.start()
        assert started.wait(30)
        wait_for(db, f"select 1 from pg_stat_activity where pid = {second.info.backend_pid}"
                     " and wait_event_type = 'Lock'")
    thread.join(30)
    expected = psycopg.errors.UniqueViolation if isolation == "read committed" else psycopg.errors.SerializationFailure
    assert len(refusal) == 1 and isinstance(refusal[0], expected), refusal
    assert scalar(db, "select count(*) from reward.xp_ledger where corrects_id = %s", [award]) == 1
    assert scalar(db, "select total_xp from core.users where id = %s", [user]) == 0


def test_a_real_downvote_costs_reputation_once(app, db, gamedb):
    author, voter = add_user(db, 5004), add_user(db, 5005)
    doubt = scalar(db, "insert into community.doubts (author_id, title, body) values (%s, 't', 'b') returning id",
                   [author])
    answer = scalar(db, "insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a') returning id",
                    [doubt, author])
    voted = rows(run(gamedb, "cast_vote", f"voter_id={voter}", "content=answer", f"content_id={answer}",
                     "direction=down", role="gamedb_app"))
    assert [v["reputation_change"] for v in voted] == [-2]
    assert scalar(db, "select reason from reward.reputation_ledger where user_id = %s", [author]) == (
        f"answer {answer} voted down")
    attack(app, db, "insert into reward.reputation_ledger (user_id, event_type, change, reason, source_id)"
                    " values (%s, 'ANSWER_DOWNVOTED', -2, 'again', %s)",
           [author, f"community.answer_votes:{voted[0]['vote_id']}"], match="one downvote")


# ---- 2. critical flows -----------------------------------------------------------------------

@pytest.mark.parametrize("statement", [
    "set local gamedb.allow_critical_flow_change = 'on';"
    " update chat.flows set system_critical = false where id = 'help_v1'",
    "update chat.flows set id = 'help_v2' where id = 'help_v1'",
    "update chat.flows set status = 'archived' where id = 'help_v1'",
    "update chat.flows set states = '{}' where id = 'help_v1'",
    "update chat.flows set initial_state = 'nowhere' where id = 'help_v1'",
    "insert into chat.flows (id, name, system_critical) values ('mine_v1', 'Mine', true)",
    "delete from chat.flows where id = 'help_v1'",
])
def test_the_app_cannot_stop_a_critical_flow(app, db, statement):
    before = snapshot(db)
    with pytest.raises(psycopg.Error, match="system-critical"), app.transaction():
        for part in statement.split(";"):
            app.execute(part)
    assert snapshot(db) == before


def test_the_app_may_still_edit_a_critical_flows_wording(app, db):
    app.execute("update chat.flows set description = 'How can I help?' where id = 'help_v1'")
    assert scalar(db, "select description from chat.flows where id = 'help_v1'") == "How can I help?"


# ---- 3. reviewed abuse flags ----------------------------------------------------------------

def serial_voting(db, voter_php: int, author_php: int, votes: int = 6) -> int:
    """A voter upvoting one author's answers `votes` times today (over abuse_serial_votes_per_day)."""
    voter, author = add_user(db, voter_php), add_user(db, author_php)
    doubt = scalar(db, "insert into community.doubts (author_id, title, body) values (%s, 't', 'b') returning id",
                   [author])
    for _ in range(votes):
        answer = scalar(db, "insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a')"
                            " returning id", [doubt, author])
        db.execute("insert into community.answer_votes (answer_id, voter_id, value) values (%s, %s, 1)",
                   [answer, voter])
    return voter


def test_a_decided_flag_is_permanent_and_reruns_respect_it(app, db, gamedb):
    voter = serial_voting(db, 5010, 5011)
    assert run(gamedb, "detect_abuse").exit_code == 0
    flag = scalar(db, "select id from trust.abuse_flags where user_id = %s and flag_type = 'SERIAL_VOTING'", [voter])
    decided = run(gamedb, "review_abuse_flag", f"flag_id={flag}", "decision=FALSE_POSITIVE", "reviewer_id=1")
    assert decided.exit_code == 0, decided.output
    attack(app, db, "delete from trust.abuse_flags where id = %s" % flag)
    attack(app, db, "delete from trust.abuse_flag_evidence where flag_id = %s" % flag)
    attack(app, db, "update trust.abuse_flags set status = 'PENDING' where id = %s" % flag, match="final")
    # Nor through the cascade from the user: the application deletes no user.
    attack(app, db, "delete from core.users where id = %s" % voter)
    assert run(gamedb, "detect_abuse", role="gamedb_app").exit_code == 0
    assert db.execute("select status, count(*) over () from trust.abuse_flags where user_id = %s"
                      " and flag_type = 'SERIAL_VOTING'", [voter]).fetchall() == [("FALSE_POSITIVE", 1)]


# ---- 4. settings -----------------------------------------------------------------------------

def test_settings_change_only_through_set_setting_within_range(app, db, reader):
    for statement in (
        "update core.gamification_settings set type = 'string' where key = 'daily_xp_cap'",
        "update core.gamification_settings set value = '5' where key = 'max_games_per_day'",
        "delete from core.gamification_settings where key = 'daily_xp_cap'",
        "insert into core.gamification_settings (key, value, type) values ('x', '1', 'string')",
        "insert into core.gamification_settings_history (setting_key, operation, new_value, changed_by, changed_at)"
        " values ('daily_xp_cap', 'update', '5', 'ceo', now() - interval '1 year')",
        "delete from core.gamification_settings_history",
    ):
        attack(app, db, statement)
    for key, value in (("daily_xp_cap", "99999999999"), ("max_games_per_day", "-1"),
                       ("min_confidence_auto_save", "2"), ("reputation_downvote", "5")):
        attack(app, db, "select core.set_setting(%s, %s, 'ops')", [key, value], match="range_check")
    attack(reader, db, "select core.set_setting('max_games_per_day', '3', 'ops')")
    app.execute("select core.set_setting('max_games_per_day', '3', 'ops')")
    login = scalar(app, "select session_user")
    assert db.execute("select old_value, new_value, changed_by, database_user from core.gamification_settings_history"
                      " where setting_key = 'max_games_per_day' order by id desc limit 1").fetchone() == (
        "10", "3", "ops", login)


def test_every_number_setting_declares_its_range(db):
    assert db.execute("select key from core.gamification_settings where type = 'number'"
                      " and (min_value is null or max_value is null)").fetchall() == []
    with pytest.raises(psycopg.errors.CheckViolation, match="range_check"), db.transaction():
        db.execute("insert into core.gamification_settings (key, value, type, category)"
                   " values ('unbounded', '1', 'number', 'limits')")


# ---- 5. append-only logs, driven by the declaration --------------------------------------------

def test_tables_the_app_may_not_change_refuse_update_delete_and_truncate(app, db):
    tables = declared(db, "to_regclass(table_name) in (select oid from pg_class where relkind in ('r', 'p'))"
                          " and not ('UPDATE' = any(app_privileges) and 'DELETE' = any(app_privileges))")
    assert {t for t, _, _ in tables} >= {
        "trust.moderation_logs", "trust.fact_check_logs", "learn.behavior_logs", "reward.nudge_history",
        "reward.xp_ledger", "reward.reputation_ledger", "core.gamification_settings_history",
        "reward.daily_earnings", "trust.abuse_flag_evidence"}
    changes = []
    for table, privileges, _ in tables:
        column = scalar(db, "select attname from pg_attribute where attrelid = %s::regclass and attnum > 0"
                            " and not attisdropped and attidentity = '' order by attnum limit 1", [table])
        target = relation(table)
        if "UPDATE" not in privileges:
            changes.append(sql.SQL("update {} set {} = {}").format(target, sql.Identifier(column),
                                                                   sql.Identifier(column)))
        if "DELETE" not in privileges:
            changes.append(sql.SQL("delete from {}").format(target))
    attack_each(app, db, changes)
    attack_each(app, db, [sql.SQL("truncate {}").format(relation(table)) for table, _, _ in declared(db)],
                match="permission denied|is not a table")
    # Views run as their owner: the application may only read them.
    writable_views = db.execute(
        "select c.oid::regclass::text from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where c.relkind in ('v', 'm') and n.nspowner = 'gamedb_owner'::regrole"
        " and (has_table_privilege('gamedb_app', c.oid, 'insert, update, delete')"
        " or has_table_privilege('gamedb_readonly', c.oid, 'insert, update, delete'))").fetchall()
    assert writable_views == []


def test_columns_the_database_writes_refuse_the_app(app, db):
    """From the declaration: every database-only column, and every column outside a limited UPDATE."""
    refused_columns = db.execute("""
        select t.table_name, a.attname
        from core.table_access as t
        join pg_attribute as a on a.attrelid = to_regclass(t.table_name) and a.attnum > 0 and not a.attisdropped
        where 'UPDATE' = any(t.app_privileges)
            and (a.attname = any(t.database_columns)
                 or (t.app_update_columns is not null and a.attname <> all(t.app_update_columns)))
            and a.attidentity = '' and a.attgenerated = ''
        order by 1, 2""").fetchall()
    assert {t for t, _ in refused_columns} >= {
        "core.users", "core.event_logs", "core.job_runs", "reward.nudge_history", "chat.training_samples",
        "community.answers"}
    attack_each(app, db, [sql.SQL("update {} set {} = {}").format(
        relation(table), sql.Identifier(column), sql.Identifier(column)) for table, column in refused_columns])
    inserted_columns = db.execute(
        "select t.table_name, c from core.table_access as t, unnest(t.database_columns) as c"
        " where 'INSERT' = any(t.app_privileges) order by 1, 2").fetchall()
    assert {t for t, _ in inserted_columns} >= {"core.users", "learn.certificates", "chat.training_samples"}
    attack_each(app, db, [sql.SQL("insert into {} ({}) values (default)").format(
        relation(table), sql.Identifier(column)) for table, column in inserted_columns])


def test_ids_stay_unique_where_the_key_also_holds_the_user(app, db):
    """A primary key of (id, user_id) (what Citus needs of a table distributed by user) would take an id
    already used, under another user. Only the identity hands ids out: the application cannot name one,
    not even with OVERRIDING SYSTEM VALUE."""
    keyed = db.execute("""
        select c.oid::regclass::text
        from pg_index as i
        join pg_class as c on c.oid = i.indrelid
        join pg_attribute as a on a.attrelid = c.oid and a.attnum = i.indkey[0]
        join core.table_access as t on t.table_name = c.oid::regclass::text
        where i.indisprimary and i.indnkeyatts > 1 and a.attname = 'id' and a.attidentity <> ''
            and 'INSERT' = any(t.app_privileges)
        order by 1""").fetchall()
    assert {"reward.challenge_participants", "quest.quest_ratings", "learn.behavior_logs"} <= {t for t, in keyed}
    attack_each(app, db, [sql.SQL("insert into {} (id) overriding system value values (1)").format(relation(table))
                          for table, in keyed])


def test_a_learners_rows_carry_the_enrolments_learner_and_no_other(app, db):
    """Lesson progress, quiz attempts and certificates carry their enrolment's user (what Citus
    distributes them by): left out, the database fills it in; the application cannot name another
    user, on insert or update, nor draw a certificate's verification code."""
    learner, other = add_user(db, 5301), add_user(db, 5302)
    course, lesson = add_course(app, "c-5301")
    enrolment = add_enrolment(app, learner, course)
    assert scalar(app, "insert into learn.lesson_progress (enrollment_id, course_id, lesson_id, progress_percent,"
                       " completed_at) values (%s, %s, %s, 100, now()) returning user_id",
                  [enrolment, course, lesson]) == learner
    assert scalar(app, "insert into learn.quiz_attempts (enrollment_id, score) values (%s, 90) returning user_id",
                  [enrolment]) == learner
    attack_each(app, db, [
        f"insert into learn.quiz_attempts (enrollment_id, user_id, score) values ({enrolment}, {other}, 50)",
        f"update learn.lesson_progress set user_id = {other} where enrollment_id = {enrolment}",
        f"update learn.quiz_attempts set user_id = {other} where enrollment_id = {enrolment}",
        f"insert into learn.certificates (enrollment_id, user_id) values ({enrolment}, {other})",
    ], match="is not the learner of enrolment|_enrollment_id_fkey")
    attack(app, db, f"insert into learn.certificates (enrollment_id, verification_code) values ({enrolment}, 'MINE')")
    assert scalar(app, "insert into learn.certificates (enrollment_id) values (%s) returning user_id",
                  [enrolment]) == learner


def test_the_app_cannot_give_a_user_trust(app, db):
    """Scores are the database's: a user the application creates gets the neutral one, and only
    ip_clustering_risk (measured elsewhere) is the application's to set."""
    user = add_user(app, 5040)
    assert scalar(db, "select score from trust.trust_scores where user_id = %s", [user]) == Decimal("0.5")
    attack(app, db, "update trust.trust_scores set score = 1, historical_high = 1 where user_id = %s", [user])
    db.execute("delete from trust.trust_scores where user_id = %s", [user])
    attack(app, db, "insert into trust.trust_scores (user_id, score, historical_high) values (%s, 1, 1)", [user])
    other = add_user(app, 5041)
    app.execute("update trust.trust_scores set ip_clustering_risk = 0.5 where user_id = %s", [other])
    assert scalar(db, "select ip_clustering_risk from trust.trust_scores where user_id = %s", [other]) == 0.5


NOBODY = 999999999  # a user id no test creates


def test_rows_kept_apart_from_the_users_name_only_users_who_exist(app, db, gamedb, login_as):
    """The authors, voters, creators and logged users of tables Citus keeps off the users' shards are held by
    a trigger, not a foreign key (which Citus refuses there). As gamedb_app: naming nobody is refused as a foreign
    key refuses it, on insert and on update; a user named by a row the application has not committed yet cannot be
    deleted; a user deleted behind the application's back is found by `gamedb check`."""
    guarded = db.execute("select t.tgrelid::regclass::text from pg_trigger as t where t.tgparentid = 0"
                         " and t.tgfoid = 'core.refuse_unknown_users()'::regprocedure order by 1").fetchall()
    assert len(guarded) == 16
    user, psychologist = add_user(db, 5070), add_psychologist(db, 5071)
    (answer,) = answers_by(db, user, 1)
    doubt = scalar(db, "select doubt_id from community.answers where id = %s", [answer])
    quest = scalar(db, "insert into quest.quests (quest_id, user_id, title, graph_structure) values ('q-5070', %s,"
                       " 'Kite', '{\"nodes\": [{\"id\": \"a\"}], \"edges\": []}') returning id", [user])
    flag = scalar(db, "insert into trust.abuse_flags (user_id, flag_type, severity, details)"
                      " values (%s, 'SPAM_POSTING', 3, '{}') returning id", [user])
    log = scalar(db, "insert into chat.conversation_logs (user_id, session_id, phone_number, user_message,"
                     " bot_response) values (%s, 's', '+15550005070', 'hi', 'hello') returning id", [user])
    attack_each(app, db, [
        f"insert into community.doubts (author_id, title, body) values ({NOBODY}, 'q', 'b')",
        f"update community.doubts set author_id = {NOBODY} where id = {doubt}",
        f"insert into community.answers (doubt_id, author_id, body) values ({doubt}, {NOBODY}, 'a')",
        f"update community.answers set author_id = {NOBODY} where id = {answer}",
        f"insert into community.doubt_votes (doubt_id, voter_id, value) values ({doubt}, {NOBODY}, 1)",
        f"insert into community.answer_votes (answer_id, voter_id, value) values ({answer}, {NOBODY}, 1)",
        f"insert into community.communities (slug, name, created_by_id) values ('c-5070', 'C', {NOBODY})",
        f"insert into chat.conversation_logs (user_id, session_id, phone_number, user_message, bot_response)"
        f" values ({NOBODY}, 's', '+15550005070', 'hi', 'hello')",
        f"update chat.conversation_logs set user_id = {NOBODY} where id = {log}",
        f"insert into chat.training_samples (user_id, text, intent) values ({NOBODY}, 'hi', 'greet')",
        f"insert into quest.quests (quest_id, user_id, title, graph_structure) values ('q-nobody', {NOBODY}, 'K',"
        " '{\"nodes\": [{\"id\": \"a\"}], \"edges\": []}')",
        f"update quest.quests set user_id = {NOBODY} where id = {quest}",
        f"insert into reward.challenges (title, description, target_amount, start_date, end_date, created_by_id)"
        f" values ('{{\"en\": \"T\"}}', '{{\"en\": \"D\"}}', 5, current_date, current_date + 7, {NOBODY})",
        f"insert into core.event_logs (event_type, user_id, metadata) values ('x', {NOBODY}, '{{}}')",
        f"insert into core.accounts (user_id, provider, provider_account_id) values ({NOBODY}, 'google', 'g-5070')",
        f"update trust.abuse_flags set reviewed_by = {NOBODY} where id = {flag}",
    ], match=f"names user {NOBODY}, who does not exist")
    with pytest.raises(psycopg.errors.ForeignKeyViolation) as refusal:
        app.execute("insert into community.doubts (author_id, title, body) values (%s, 'q', 'b')", [NOBODY])
    assert refusal.value.diag.constraint_name == "doubts_author_names_a_user"
    # Nor can a user named by those rows be renumbered away from them (a user's id is the database's:
    # one of core.users' database_columns in core.table_access).
    attack_each(app, db, [f"update core.users set id = default where id = {user}",
                          f"insert into core.users (id, php_user_id) overriding system value values ({NOBODY}, 5079)"])
    # Unchanged authors pass; a reviewer who is a psychologist, named on update, passes.
    app.execute("update community.answers set body = 'edited' where id = %s", [answer])
    # The writer's row holds its user FOR KEY SHARE until it commits, as a foreign key's check does.
    with login_as("gamedb_app") as writer:
        writer.execute("begin")
        writer.execute("insert into community.doubts (author_id, title, body) values (%s, 'q2', 'b')",
                       [psychologist])
        db.execute("set lock_timeout = '200ms'")
        with pytest.raises(psycopg.errors.LockNotAvailable):
            db.execute("delete from core.users where id = %s", [psychologist])
        db.execute("reset lock_timeout")
        writer.execute("rollback")
    # The owner, who alone may delete a user, can leave a row naming nobody: `gamedb check` lists it.
    db.execute("alter table core.users disable trigger all")
    try:
        db.execute("delete from core.users where id = %s", [user])
    finally:
        db.execute("alter table core.users enable trigger all")
    assert broken_invariants(gamedb) >= {"rows_name_users"}
    named = json.loads(gamedb("check", "--format", "json").stdout)
    found = next(r for r in named if r["invariant"] == "rows_name_users")["rows"]
    assert {(r["table_name"], r["column_name"]) for r in found} >= {
        ("community.doubts", "author_id"), ("community.answers", "author_id"), ("quest.quests", "user_id"),
        ("chat.conversation_logs", "user_id")}


def test_a_phone_number_and_a_php_id_stay_one_users_without_unique_keys_on_users(app, db, gamedb):
    """Lookup tables keyed by the value hold what the unique keys on core.users held (on Citus the users
    live on shards by id). As gamedb_app: a second user with a taken phone number or PHP id is refused under
    the old keys' names, on insert and on update; a changed number frees the old one; the application reads
    the lookups but cannot write them; a lookup row removed behind its back is found by `gamedb check`."""
    first, second = add_user(app, 5080), add_user(app, 5081)
    phone = scalar(db, "select phone from core.users where id = %s", [first])
    attack_each(app, db, [f"insert into core.users (php_user_id, phone) values (5082, '{phone}')",
                          f"update core.users set phone = '{phone}' where id = {second}"], match="users_phone_key")
    attack_each(app, db, ["insert into core.users (php_user_id, phone) values (5080, '+15550005082')",
                          f"update core.users set php_user_id = 5080 where id = {second}"],
                match="users_php_user_id_key")
    with pytest.raises(psycopg.errors.UniqueViolation) as refusal:
        app.execute("insert into core.users (php_user_id, phone) values (5083, %s)", [phone])
    assert refusal.value.diag.constraint_name == "users_phone_key" and phone not in str(refusal.value)
    app.execute("update core.users set phone = '+15550005084' where id = %s", [first])
    app.execute("update core.users set phone = %s where id = %s", [phone, second])  # the old number is free
    assert db.execute("select user_id from core.user_phones where phone in (%s, '+15550005084') order by phone",
                      [phone]).fetchall() == [(first,), (second,)]
    assert scalar(app, "select user_id from core.user_php_ids where php_user_id = 5081") == second
    attack_each(app, db, [f"insert into core.user_phones (phone, user_id) values ('+15550005085', {first})",
                          f"update core.user_phones set user_id = {first} where user_id = {second}",
                          f"delete from core.user_php_ids where user_id = {first}"])
    db.execute("delete from core.user_php_ids where user_id = %s", [first])
    assert broken_invariants(gamedb) == {"user_keys_match_users"}


def test_a_content_keeps_one_embedding_without_a_unique_key_on_the_embeddings(app, db, gamedb):
    """A lookup table keyed by the content holds "one embedding per content" (on Citus the embeddings
    live on their users' shards). As gamedb_app: a second embedding of a content is refused under the old
    key's name, on insert and on update; moving an embedding to another content frees the first; the
    application reads the lookup but cannot write it; a lookup row removed behind its back is found."""
    author, other = add_user(db, 5090), add_user(db, 5091)
    embed = ("insert into trust.content_embeddings (content_type, content_id, user_id, embedding, text)"
             " values ('answer', %s, %s, array_fill(0.1::real, array[384]), 'text') returning id")
    first = scalar(app, embed, [9001, author])
    second = scalar(app, embed, [9002, other])
    key = "content_embeddings_content_type_content_id_key"
    attack_each(app, db, ["insert into trust.content_embeddings (content_type, content_id, user_id, embedding, text)"
                          f" values ('answer', 9001, {other}, array_fill(0.2::real, array[384]), 'copy')",
                          f"update trust.content_embeddings set content_id = 9001 where id = {second}"], match=key)
    app.execute("update trust.content_embeddings set content_id = 9003 where id = %s", [first])
    app.execute("update trust.content_embeddings set content_id = 9001 where id = %s", [second])
    assert app.execute("select content_id, user_id from trust.embedded_contents order by 1").fetchall() == [
        (9001, other), (9003, author)]
    attack_each(app, db, ["insert into trust.embedded_contents (content_type, content_id, user_id)"
                          f" values ('doubt', 1, {author})",
                          "delete from trust.embedded_contents where content_id = 9003"])
    app.execute("delete from trust.content_embeddings where id = %s", [first])
    assert scalar(db, "select count(*) from trust.embedded_contents where content_id = 9003") == 0
    db.execute("delete from trust.embedded_contents where content_id = 9001")
    assert broken_invariants(gamedb) == {"embedded_contents_match"}


def delete_past_its_guard(db, table: str, trigger: str, row_id: int) -> None:
    """The owner deletes a row with the trigger that guards it off: what the rule's invariant must then find."""
    db.execute(f"alter table {table} disable trigger {trigger}")
    try:
        db.execute(f"delete from {table} where id = %s", [row_id])
    finally:
        db.execute(f"alter table {table} enable trigger {trigger}")


def test_a_rubric_evaluation_names_an_answer_that_stays(app, db, gamedb):
    """Triggers hold both sides of the foreign key from an evaluation to its answer (on Citus the
    evaluations live on their learners' shards, the answers on the coordinator). As gamedb_app: an evaluation
    of no answer is refused, on insert and on update; an answer with evaluations cannot be deleted nor given a
    new id, one without can; an answer deleted by the owner with its triggers off is found by `gamedb check`."""
    learner, author = add_user(db, 5095), add_user(db, 5096)
    evaluated, spare = answers_by(db, author, 2)
    evaluate = ("insert into learn.rubric_evaluations (user_id, answer_id, rubric, score)"
                " values (%s, %s, '{}', 80) returning id")
    evaluation = scalar(app, evaluate, [learner, evaluated])
    attack_each(app, db, [evaluate % (learner, NOBODY),
                          f"update learn.rubric_evaluations set answer_id = {NOBODY} where id = {evaluation}"],
                match=f"names answer {NOBODY}, which does not exist")
    attack_each(app, db, [f"delete from community.answers where id = {evaluated}",
                          f"update community.answers set id = default where id = {evaluated}"],
                match="has rubric evaluations")
    app.execute("delete from community.answers where id = %s", [spare])
    delete_past_its_guard(db, "community.answers", "answers_keep_evaluated", evaluated)
    assert broken_invariants(gamedb) == {"rubric_evaluations_name_answers"}


def test_a_game_names_chat_rows_that_stay_and_a_wallet_transaction_credits_one_game(app, db, gamedb, reader):
    """Triggers and a lookup hold what play.game_sessions' foreign keys and unique index held (on Citus
    games live on their users' shards, the chat's logs on the coordinator). As gamedb_app, which may delete
    chat rows: a message or sample a game names is not deleted (nor a sample given a new id), others are; through
    play.record_reward_result a transaction credits one game; the lookup is read, not written (by the analyst
    either, who deletes no message). The owner
    removing a lookup row, or a named message with the trigger off, is found by `gamedb check`."""
    user = add_user(db, 5097)
    question = question_id(db, "I want to track my order")
    message, spare = (scalar(app, "insert into chat.conversation_logs (user_id, session_id, user_message)"
                                  " values (%s, 'chat-9', 'play') returning id", [user]) for _ in range(2))
    won, other = (scalar(app, "select id from play.start_game(%s, 'intent_quest', 'chat-9', %s,"
                              " p_conversation_log_id => %s)", [user, question, message]) for _ in range(2))
    for game in (won, other):
        app.execute("select play.complete_game(%s, 'track_order')", [game])
    sample = scalar(db, "select training_sample_id from play.game_sessions where id = %s", [won])
    attack(app, db, f"delete from chat.conversation_logs where id = {message}",
           match="game_sessions_conversation_log_id_fkey")
    attack(app, db, f"update chat.conversation_logs set id = default where id = {message}")  # the database's id
    attack_each(app, db, [f"delete from chat.training_samples where id = {sample}",
                          f"update chat.training_samples set id = default where id = {sample}"],
                match="game_sessions_training_sample_id_fkey")
    app.execute("delete from chat.conversation_logs where id = %s", [spare])
    app.execute("select play.record_reward_result(%s, 'credited', 'WTX-0195')", [won])
    attack(app, db, f"select play.record_reward_result({other}, 'credited', 'WTX-0195')",
           match="game_sessions_reward_transaction_id_key")
    assert app.execute("select * from play.reward_transactions").fetchall() == [("WTX-0195", won, user)]
    for role in (app, reader):
        attack_each(role, db, [f"insert into play.reward_transactions values ('WTX-1', {other}, {user})",
                               "delete from play.reward_transactions"])
    attack(reader, db, f"delete from chat.conversation_logs where id = {message}")
    db.execute("delete from play.reward_transactions")
    assert broken_invariants(gamedb) == {"reward_transactions_match"}
    db.execute("insert into play.reward_transactions values ('WTX-0195', %s, %s)", [won, user])
    delete_past_its_guard(db, "chat.conversation_logs", "conversation_logs_keep_played", message)
    assert broken_invariants(gamedb) == {"game_sessions_name_chat_rows"}


def test_a_training_sample_names_a_message_that_stays(app, db, gamedb, login_as):
    """Triggers hold both sides of the samples' foreign key to the bot's messages (a partitioned table has no
    key on id alone to point at), firing on whichever month holds the message. As gamedb_app: a sample of no
    message is refused, on insert and on update, under the key's name; a sampled message is not deleted, others
    are, and one named by a sample not yet committed waits for it, as with a key. A sampled message deleted by the
    owner with the trigger off is found by `gamedb check`."""
    log = "insert into chat.conversation_logs (session_id, user_message) values ('chat-5', 'hi') returning id"
    sampled, spare, pending = scalar(app, log), scalar(app, log), scalar(app, log)
    with login_as("gamedb_app") as writer:
        writer.execute("begin")
        writer.execute("insert into chat.training_samples (text, intent, conversation_log_id)"
                       " values ('hi', 'greet', %s)", [pending])
        app.execute("set lock_timeout = '200ms'")
        with pytest.raises(psycopg.errors.LockNotAvailable):
            app.execute("delete from chat.conversation_logs where id = %s", [pending])
        app.execute("reset lock_timeout")
        writer.execute("commit")
    attack(app, db, f"delete from chat.conversation_logs where id = {pending}",
           match="training_samples_conversation_log_id_fkey")
    sample = scalar(app, "insert into chat.training_samples (text, intent, conversation_log_id)"
                         " values ('hi', 'greet', %s) returning id", [sampled])
    attack_each(app, db, ["insert into chat.training_samples (text, intent, conversation_log_id)"
                          f" values ('hi', 'greet', {NOBODY})",
                          f"update chat.training_samples set conversation_log_id = {NOBODY} where id = {sample}",
                          f"delete from chat.conversation_logs where id = {sampled}"],
                match="training_samples_conversation_log_id_fkey")
    app.execute("delete from chat.conversation_logs where id = %s", [spare])
    delete_past_its_guard(db, "chat.conversation_logs", "conversation_logs_keep_sampled", sampled)
    assert broken_invariants(gamedb) == {"training_samples_name_conversation_logs"}


def test_the_analyst_calls_no_function_that_writes_as_its_owner(reader, db):
    """From the catalogue: every SECURITY DEFINER routine of the modules is closed to gamedb_readonly
    (functions that run as their caller stay open: views call them as the reader)."""
    callable_by_analysts = db.execute(
        "select p.oid::regprocedure::text from pg_proc as p join pg_namespace as n on n.oid = p.pronamespace"
        " where n.nspname = any(%s) and p.prosecdef and p.prorettype <> 'trigger'::regtype"
        " and has_function_privilege('gamedb_readonly', p.oid, 'execute')", [module_schemas(db)]).fetchall()
    assert callable_by_analysts == []
    user, author = add_user(db, 5060), add_user(db, 5061)
    (answer,) = answers_by(db, author, 1)
    attack(reader, db, "select * from core.forget_user(%s)", [user])
    attack(reader, db, "select * from community.cast_vote(%s, 'answer', %s, 'up')", [user, answer])
    attack(reader, db, "select * from trust.moderate(%s, %s, 'suspend', 'because', null, '{}')", [user, author])


def test_nudges_cannot_be_deleted_to_nudge_again(app, db):
    user = add_user(db, 5020)
    nudge = scalar(db, "insert into reward.nudge_history (user_id, nudge_type, language, message)"
                       " values (%s, 'inactivity', 'en', '{\"en\": \"hi\"}') returning id", [user])
    attack(app, db, "delete from reward.nudge_history where id = %s" % nudge)
    attack(app, db, "update reward.nudge_history set sent_at = now() - interval '30 days' where id = %s" % nudge)
    # Nor written back-dated, out of the weekly cap (or into a month of its choosing).
    attack_each(app, db, [f"insert into reward.nudge_history (user_id, nudge_type, language, message, {column})"
                          f" values ({user}, 'course_reminder', 'en', '{{\"en\": \"hi\"}}', '2020-01-01')"
                          for column in ("sent_at", "sent_on")])
    app.execute("insert into reward.nudge_history (user_id, nudge_type, language, message)"
                " values (%s, 'course_reminder', 'en', '{\"en\": \"hi\"}')", [user])  # the database dates it
    app.execute("update reward.nudge_history set opened_at = now() where id = %s", [nudge])


def test_the_event_log_is_only_marked_processed_and_aged_out(app, db, gamedb):
    user = add_user(db, 5030)
    # The database stamps the time (an event cannot be back-dated, nor routed to another month's partition).
    attack(app, db, "insert into core.event_logs (event_type, user_id, metadata, emitted_at)"
                    f" values ('doubt', {user}, '{{}}', now() - interval '400 days')", match="permission denied")
    event = scalar(app, "insert into core.event_logs (event_type, user_id, metadata)"
                        " values ('doubt', %s, '{}') returning id", [user])
    assert scalar(db, "select emitted_at > now() - interval '1 minute' from core.event_logs where id = %s", [event])
    attack(app, db, "insert into core.event_logs (event_type, metadata, processed_at) values ('x', '{}', now())",
           match="unprocessed")
    attack(app, db, "update core.event_logs set metadata = '{\"x\": 1}' where id = %s" % event)
    attack(app, db, "delete from core.event_logs where id = %s" % event, match="kept until processed")
    handed = rows(run(gamedb, "process_event_log", role="gamedb_app"))
    assert event in [e["id"] for e in handed]
    attack(app, db, "update core.event_logs set processed_at = null where id = %s" % event, match="append-only")
    attack(app, db, "update core.event_logs set processed_at = now() + interval '1 day' where id = %s" % event,
           match="append-only")
    attack(app, db, "delete from core.event_logs where id = %s" % event, match="kept until processed")
    db.execute("update core.event_logs set emitted_at = now() - interval '90 days',"
               " processed_at = now() - interval '60 days' where id = %s", [event])
    assert run(gamedb, "apply_retention", role="gamedb_app").exit_code == 0
    assert scalar(db, "select count(*) from core.event_logs where id = %s", [event]) == 0


# ---- 6. personal data ------------------------------------------------------------------------

MARKER = "zq" + uuid.uuid4().hex[:10]


def user_linked_text_columns(db) -> list[tuple[str, str, str, str]]:
    """Every text, jsonb and array column of every table with a column naming a user: by a foreign key to
    core.users, or by the trigger that holds that rule where Citus allows no key (core.user_checked_columns).

    (table, column, type, the key column that names the user).
    """
    return db.execute("""
        with links (relid, attnum) as (
            select f.conrelid, f.conkey[1] from pg_constraint as f
            where f.contype = 'f' and f.confrelid = 'core.users'::regclass and cardinality(f.conkey) = 1
            union
            select u.table_name, k.attnum from core.user_checked_columns() as u
            join pg_attribute as k on k.attrelid = u.table_name and k.attname = u.column_name
        )
        select distinct format('%I.%I', n.nspname, c.relname), a.attname, format_type(a.atttypid, a.atttypmod),
            k.attname
        from links as f
        join pg_class as c on c.oid = f.relid
        join pg_namespace as n on n.oid = c.relnamespace
        join pg_attribute as k on k.attrelid = f.relid and k.attnum = f.attnum
        join pg_attribute as a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where not c.relispartition
            and (a.atttypid in ('text'::regtype, 'varchar'::regtype, 'jsonb'::regtype) or a.attndims > 0
                 or format_type(a.atttypid, null) like '%[]')
        order by 1, 2""").fetchall()


def marked(type_name: str):
    if type_name == "jsonb":
        # The shapes the jsonb checks accept: any object, a list, I18N text, an analysis, a quest graph.
        return [json.dumps(shape) for shape in (
            {"note": MARKER}, [MARKER], {"en": MARKER}, {"summary": MARKER, "recommendations": [MARKER]},
            {"nodes": [{"id": MARKER}], "edges": []})]
    if type_name.endswith("[]"):
        return ["{" + MARKER + "}"]
    return [MARKER]


# Rows forget_user keeps whole on purpose: a training sample already
# exported belongs to a shipped training batch; it keeps its text and stops
# naming the person (core.forget_user).
KEPT_ROWS = {"chat.training_samples": "id not in (select sample_id from chat.training_batch_samples)"}


def plant(db, table, column, type_name, key, user) -> int:
    """Write the marker into the column of the person's rows where the database accepts it; rows changed."""
    for value in marked(type_name):
        try:
            with db.transaction():
                return db.execute(sql.SQL("update {} set {} = %s where {} = %s and {}").format(
                    relation(table), sql.Identifier(column), sql.Identifier(key),
                    sql.SQL(KEPT_ROWS.get(table, "true"))), [value, user]).rowcount
        except psycopg.Error:
            continue  # a closed set, a shape check or an append-only table: it cannot hold free text
    return 0


# Columns of user-linked tables that can hold text but are the product's,
# not the person's: a closed vocabulary the application writes (states,
# kinds, languages), or derived by the database. forget_user keeps them.
NOT_PERSONAL_BY_TABLE = {
    "chat.conversation_logs": "session_id channel message_type nlu_intent nlu_alternate_intents nlu_language "
                              "nlu_tone nlu_provider routed_to routing_reason response_type agent_id flow_id "
                              "training_confidence_bucket",
    "chat.conversation_memory": "role session_id",
    "chat.training_samples": "session_id game_session_id intent language tone source nlu_provider approved_by "
                             "review_status",
    "community.communities": "slug name description",  # public product content its creator published
    "community.community_members": "role",
    "core.accounts": "provider",
    "core.event_logs": "event_type target_id",
    "core.users": "preferred_language mode",
    "learn.ai_analyses": "analysis_type model_name",
    "learn.behavior_logs": "action",
    "learn.certificates": "verification_code status invalidation_reason",  # linked through invalidated_by
    "learn.enrollments": "status",
    "learn.rubric_evaluations": "rubric",
    "play.game_sessions": "session_id game_type difficulty language mission_id mission_data status rewards_earned "
                          "reward_transaction_id reward_status reward_claimed_by",
    "quest.psychologist_reviews": "strengths concerns recommendations",
    "quest.psychologists": "licence_number verified_by",  # a public professional register
    "quest.quest_builder_sessions": "current_stage",
    "quest.quests": "quest_id title quest_yaml moderation_status graph_structure psychological_module location "
                    "age_range",
    "quest.user_tracks": "track_type current_phase",
    "reward.achievement_progress": "unique_users",
    # The ledgers and logs of what the product did: written by its award paths, kept (totals rest on them).
    "reward.award_changes": "change",
    "reward.challenges": "title description",
    "reward.leaderboard_snapshots": "period_type",
    "reward.reputation_ledger": "event_type reason source_id",
    "reward.streak_events": "kind",
    "reward.xp_ledger": "event_type reason metadata",
    "reward.nudge_history": "nudge_type channel language message metadata",
    "reward.user_achievements": "achievement_key",
    "reward.xp_period_totals": "period",
    "trust.abuse_flags": "flag_type details status detector_key",
    "trust.content_embeddings": "content_type embedding lsh_buckets",
    "trust.fact_check_logs": "checks action_taken",
    "trust.moderation_logs": "action reason details",
}
NOT_PERSONAL = {(table, column) for table, columns in NOT_PERSONAL_BY_TABLE.items() for column in columns.split()}


def test_every_text_column_linked_to_a_user_is_classified(db):
    personal = {(t, c) for t, _, cols in declared(db) for c in cols}
    unclassified = [(t, c) for t, c, _, _ in user_linked_text_columns(db)
                    if (t, c) not in personal and (t, c) not in NOT_PERSONAL]
    assert unclassified == [], "declare these personal (core.table_access) or product data (NOT_PERSONAL)"


def test_forgetting_leaves_no_trace_of_the_person_in_a_data_dump(db, db_url, gamedb, person):
    user = person["user"]
    planted = {}
    for table, column, type_name, key in user_linked_text_columns(db):
        planted[(table, column)] = plant(db, table, column, type_name, key, user)
    # Rows found by the person's phone or e-mail rather than a key.
    for table, column, link in (("chat.flow_runs", "context", "phone_number"),
                                ("chat.conversation_logs", "user_message", "phone_number")):
        planted[(table, column)] = db.execute(sql.SQL("update {} set {} = %s where {} = %s").format(
            relation(table), sql.Identifier(column), sql.Identifier(link)),
            [json.dumps({"note": MARKER}) if column == "context" else MARKER, person["phone"]]).rowcount
    db.execute("update core.verification_tokens set token = %s where identifier = 'nisha@example.com'", [MARKER])
    planted[("learn.certificates", "learner_name")] = db.execute(
        "update learn.certificates set learner_name = %s where enrollment_id in"
        " (select id from learn.enrollments where user_id = %s)", [MARKER, user]).rowcount
    personal = {(t, c) for t, _, cols in declared(db) for c in cols}
    missing = sorted(k for k in personal if k in planted and planted[k] == 0)
    assert missing == [], "the person fixture has no row to plant in"
    assert sum(1 for k in personal if planted.get(k)) >= 25
    forgotten = run(gamedb, "forget_user", f"user_id={user}", role="gamedb_app")
    assert forgotten.exit_code == 0, forgotten.output
    dump = subprocess.run([find_bindir() / "pg_dump", "--data-only", "--dbname", db_url],
                          capture_output=True, text=True, check=True).stdout
    # The marker may stay only in product data (NOT_PERSONAL), never in a personal column.
    for table, column in [k for k, n in planted.items() if n and k not in NOT_PERSONAL]:
        assert scalar(db, sql.SQL("select count(*) from {} where {}::text like %s").format(
            relation(table), sql.Identifier(column)), [f"%{MARKER}%"]) == 0, (
            table, column)
    tables_with_marker, table = set(), None
    parents = dict(db.execute("select oid::regclass::text, pg_partition_root(oid)::regclass::text from pg_class"
                              " where relispartition").fetchall())  # pg_dump copies a partitioned table by partition
    for line in dump.splitlines():
        if line.startswith("COPY "):
            table = parents.get(line.split()[1], line.split()[1])
        elif MARKER in line:
            tables_with_marker.add(table)
    assert tables_with_marker <= {t for (t, c), n in planted.items() if n and (t, c) in NOT_PERSONAL}


def test_the_analyst_reads_no_personal_column(reader, db):
    attack_each(reader, db, [sql.SQL("select {} from {}").format(sql.Identifier(column), relation(table))
                             for table, _, columns in declared(db) for column in columns])


def test_no_view_the_analyst_reads_shows_a_personal_column(db):
    personal = {(t, c) for t, _, cols in declared(db) for c in cols}
    leaks = [row for row in db.execute("""
        select format('%I.%I', u.view_schema, u.view_name), format('%I.%I', u.table_schema, u.table_name),
            u.column_name
        from information_schema.view_column_usage as u
        where has_table_privilege('gamedb_readonly', format('%I.%I', u.view_schema, u.view_name), 'select')
            and u.view_schema <> 'report'""").fetchall() if (row[1], row[2]) in personal]
    assert leaks == []


def test_privileges_are_exactly_as_declared(app, db, gamedb, login_as):
    assert db.execute("select * from core.table_access_drift").fetchall() == []
    for role_conn in (app, login_as("gamedb_readonly")):
        attack_each(role_conn, db, ["call core.apply_table_access()",
                                    "call core.apply_table_access('reward.nudge_history')"])
    db.execute("grant delete on reward.xp_ledger to gamedb_app")
    db.execute("create table core.undeclared (id int)")
    drift = db.execute("select table_name, role_name, privilege from core.table_access_drift order by 1").fetchall()
    assert drift == [("core.undeclared", None, "not declared in core.table_access"),
                     ("reward.xp_ledger", "gamedb_app", "DELETE")]
    assert broken_invariants(gamedb) == {"privileges_match_declaration"}
    # Applied for one table, the declaration repairs that table alone; a table it does not declare is refused.
    db.execute("grant delete on reward.nudge_history to gamedb_app")
    db.execute("call core.apply_table_access('reward.xp_ledger')")
    assert db.execute("select table_name, privilege from core.table_access_drift where role_name is not null"
                      ).fetchall() == [("reward.nudge_history", "DELETE")]
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="core.undeclared has no row"):
        db.execute("call core.apply_table_access('core.undeclared')")


# ---- 7-10. game rules, votes, wallet claims, concurrent starts ----------------------------------

def test_a_reward_result_is_recorded_only_for_a_won_game(app, db):
    user = add_user(db, 5040)
    game = scalar(app, "select id from play.start_game(%s, 'intent_quest', 's-1')", [user])
    attack_each(app, db, [f"select play.record_reward_result({game}, '{outcome}', 'tx-1')"
                          for outcome in ("failed", "credited", "retry")], match="only a completed, won game")
    attack(app, db, "update play.game_sessions set status = 'completed', reward_status = 'pending',"
                    " rewards_earned = '{\"amount\": 100000}' where id = %s" % game)


def test_every_query_binds_its_values_outside_literals_and_comments():
    queries = all_queries()
    assert len(queries) > 40
    for query in queries.values():
        values = {n for n, p in query.params.items() if not p.choices}
        assert bound_values_in_literals(query.template, values) == [], query.name


def test_a_query_with_a_value_inside_a_literal_is_refused(tmp_path, gamedb):
    (tmp_path / "bad.sql").write_text("-- name: bad\n-- description: x\n-- mode: read\n-- param: id int\n"
                                      "select 'answer {{ id }}' as reason\n")
    from runner.queries import parse_query
    from runner.errors import UsageError
    with pytest.raises(UsageError, match="line 5: value id sits inside a quoted literal"):
        parse_query(tmp_path / "bad.sql")


def won_games(db, count: int) -> list[int]:
    user = add_user(db, 5050)
    return [scalar(db, "insert into play.game_sessions (session_id, user_id, game_type, status, completed_at,"
                       " rewards_earned, reward_status) values (%s, %s, 'intent_quest', 'completed', now(),"
                       " '{\"amount\": 5, \"currency\": \"INR\"}', 'pending') returning id", [f"w{n}", user])
            for n in range(count)]


def test_concurrent_wallet_workers_are_never_handed_the_same_reward(login_as, db):
    games = won_games(db, 40)
    claimed: dict[str, list[int]] = {}

    def worker(name):
        with login_as("gamedb_app") as conn:
            got = []
            while batch := conn.execute("select game_session_id from play.claim_pending_rewards(%s, 3, '5 min')",
                                        [name]).fetchall():
                got += [g for (g,) in batch]
            claimed[name] = got

    threads = [threading.Thread(target=worker, args=(f"worker-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [g for got in claimed.values() for g in got]
    assert sorted(every) == sorted(games)  # each reward once, none lost
    assert len(set(every)) == len(every)


def test_a_dead_workers_claim_expires(app, db):
    game, = won_games(db, 1)
    assert app.execute("select game_session_id from play.claim_pending_rewards('a', 10, '1 hour')").fetchall() == [
        (game,)]
    assert app.execute("select * from play.claim_pending_rewards('b', 10, '1 hour')").fetchall() == []
    db.execute("update play.game_sessions set reward_claimed_until = now() - interval '1 second' where id = %s",
               [game])
    assert app.execute("select game_session_id from play.claim_pending_rewards('b', 10, '1 hour')").fetchall() == [
        (game,)]
    app.execute("select play.record_reward_result(%s, 'credited', 'tx-b')", [game])
    assert app.execute("select * from play.claim_pending_rewards('c', 10, '1 hour')").fetchall() == []
    attack(app, db, "select play.claim_pending_rewards('', 10, '1 hour')", match="name the worker")


def test_a_start_that_waited_for_the_users_lock_is_not_refused(login_as, db):
    """Transaction A begins first; B starts a game and commits; then A starts one (cooldown 0)."""
    user = add_user(db, 5060)
    with login_as("gamedb_app") as early, login_as("gamedb_app") as late:
        early.autocommit = False
        early.execute("select now()")  # A's transaction time is fixed here, before B's game
        late.execute("select pg_sleep(0.05)")
        late.execute("select play.start_game(%s, 'intent_quest', 'b')", [user])
        early.execute("select play.start_game(%s, 'intent_quest', 'a')", [user])
        early.commit()
    assert scalar(db, "select count(*) from play.game_sessions where user_id = %s", [user]) == 2


# ---- 11. bad input from the command line -------------------------------------------------------

@pytest.mark.parametrize("value, message", [
    ("[" * 5000 + "]" * 5000, "nested too deeply"),
    ("{\"a\": \"b\x00c\"}", "NUL character"),
])
def test_bad_json_is_one_line_and_exit_2(gamedb, db, value, message):
    user = add_user(db, 5070)
    before = snapshot(db)
    result = run(gamedb, "save_ai_analysis", f"user_id={user}", "analysis_type=x", f"result={value}")
    assert result.exit_code == 2 and message in result.stderr
    assert result.stderr.count("\n") == 1  # refused before any database is named
    assert snapshot(db) == before


@pytest.mark.parametrize("value", ["٣", "1_0", "99999999999999999999", "12abc"])
def test_integers_are_plain_ascii_within_bigint(gamedb, db, value):
    before = snapshot(db)
    result = run(gamedb, "forget_user", f"user_id={value}")
    assert result.exit_code == 2 and "expected int" in result.stderr
    assert snapshot(db) == before


def test_a_huge_value_is_not_echoed_back(gamedb):
    result = run(gamedb, "xp_leaderboard", "period=" + "w" * 10_000_000)
    assert result.exit_code == 2 and len(result.stderr) < 400
    assert "10000000 characters" in result.stderr


def test_wallet_workers_claim_side_by_side_through_the_query(db_url, db):
    games = won_games(db, 30)
    results = run_at_once(db_url, *[
        ["query", "run", "claim_pending_rewards", "-p", f"worker=w{n}", "-p", "max_rows=10", "--format", "jsonl",
         "--role", "gamedb_app"] for n in range(3)])
    assert [code for code, _, _ in results] == [0, 0, 0], results
    handed = [json.loads(line)["game_session_id"] for _, out, _ in results for line in out.splitlines()]
    assert sorted(handed) == sorted(games)


# ---- the threat model states the declaration-----------------------------------------------------

ACCESS_TABLE_START = "<!-- core.table_access: generated, checked by tests/test_attacks.py -->"


def privileges_table(db) -> str:
    """core.table_access as the markdown table of docs/threat-model.md."""
    lines = ["| table | `gamedb_app` may | written only by the database | personal: hidden from "
             "`gamedb_readonly`, erased by `forget_user` | why |", "| --- | --- | --- | --- | --- |"]
    for table, privileges, update_columns, database_columns, personal, why in db.execute(
            "select table_name, app_privileges, app_update_columns, database_columns, personal_columns, why"
            " from core.table_access order by table_name"):
        may = ", ".join(p.lower() + (f" ({', '.join(update_columns)})" if p == "UPDATE" and update_columns else "")
                        for p in privileges)
        lines.append(f"| `{table}` | {may} | {', '.join(database_columns)} | {', '.join(personal)} | {why} |")
    return "\n".join(lines) + "\n"


def test_the_threat_model_states_the_declared_privileges(db):
    readme = (Path(__file__).parent.parent / "docs" / "threat-model.md").read_text(encoding="utf-8")
    assert ACCESS_TABLE_START in readme
    written = readme.split(ACCESS_TABLE_START + "\n", 1)[1].split("\n\n", 1)[0] + "\n"
    expected = privileges_table(db)
    assert written == expected, "docs/threat-model.md is stale; the table should read:\n" + expected
