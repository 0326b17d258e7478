"""Seed 003: courses, certificates, challenges, achievements, nudges, and JSONB the database validates."""

import json

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.helpers import add_user, column_names, plan_at_scale, rows, run, scalar, snapshot

SEED_003_TABLES = {
    "reward.challenges": ["id", "title", "description", "target_amount", "start_date", "end_date",
                          "created_by_id", "created_at", "updated_at"],
    "reward.challenge_participants": ["id", "challenge_id", "user_id", "progress", "joined_at", "completed_at"],
    "learn.ai_analyses": ["id", "user_id", "analysis_type", "model_name", "result", "created_at"],
    "learn.enrollments": ["id", "user_id", "course_id", "status", "enrolled_at", "completed_at"],
    "learn.lesson_progress": ["id", "enrollment_id", "course_id", "lesson_id", "progress_percent",
                              "completed_at", "updated_at"],
    "learn.quiz_attempts": ["id", "enrollment_id", "score", "attempted_at"],
    "learn.certificates": ["id", "enrollment_id", "verification_code", "issued_at", "learner_name", "grade", "status",
                           "invalidated_at", "invalidated_by", "invalidation_reason"],
    "reward.achievements": ["id", "key", "name", "description", "category", "points", "created_at", "updated_at",
                            "progress_target", "min_unique_users", "min_day_span"],
    "reward.nudge_history": ["id", "user_id", "nudge_type", "channel", "language", "message", "metadata",
                             "sent_at", "sent_on", "opened_at"],
    "learn.course_assets": ["id", "course_id", "lesson_id", "storage_key", "content_type", "size_bytes",
                            "metadata", "created_at"],
}


@pytest.mark.parametrize("table", sorted(SEED_003_TABLES))
def test_seed_003_tables(schema_conn, table):
    assert column_names(schema_conn, table) == SEED_003_TABLES[table]


def test_seed_003_additions_to_existing_tables(schema_conn):
    def column(table, name):
        return schema_conn.execute(
            "select format_type(atttypid, atttypmod), pg_get_expr(adbin, adrelid), attnotnull from pg_attribute"
            " left join pg_attrdef on adrelid = attrelid and adnum = attnum"
            " where attrelid = %s::regclass and attname = %s", [table, name]).fetchone()

    assert column("core.users", "last_active_at")[0] == "timestamp with time zone"
    assert column("core.users", "preferred_language")[1] == "'en'::character varying"
    assert "seed 003 (vi)" in scalar(schema_conn, "select col_description('core.users'::regclass, 7)")
    assert column("reward.user_achievements", "achievement_id")[0] == "bigint"
    assert column("learn.behavior_logs", "metadata") == ("jsonb", "'{}'::jsonb", True)
    fk = scalar(schema_conn, "select confrelid::regclass::text from pg_constraint"
                " where conname = 'user_achievements_achievement_id_fkey'")
    assert fk == "reward.achievements"


# ---- JSONB documents: good and bad for every field ---------------------------

@pytest.fixture
def course(conn):
    """A user, a course of two lessons with a quiz (pass at 70), and an enrolment."""
    user = add_user(conn, 301, language="vi")
    course_id = scalar(conn, "insert into learn.courses (slug, title, passing_score) values ('sql-101', 'SQL 101', 70)"
                       " returning id")
    lessons = [scalar(conn, "insert into learn.lessons (course_id, position, title) values (%s, %s, %s) returning id",
                      [course_id, n, f"Lesson {n}"]) for n in (1, 2)]
    enrollment = scalar(conn, "insert into learn.enrollments (user_id, course_id) values (%s, %s) returning id",
                        [user, course_id])
    return {"user": user, "course": course_id, "lessons": lessons, "enrollment": enrollment}


def insert(conn, table, **values):
    """Insert one row in its own savepoint; JSON documents are passed as Jsonb(...)."""
    columns = ", ".join(values)
    placeholders = ", ".join(["%s"] * len(values))
    with conn.transaction():
        conn.execute(f"insert into {table} ({columns}) values ({placeholders})", list(values.values()))


GOOD_I18N = {"en": "Read 5 books", "vi": "Đọc 5 cuốn sách"}
BAD_I18N = [
    ({}, "must be I18N text"),
    (["en", "hi"], "must be I18N text"),
    ("Read 5 books", "must be I18N text"),
    ({"english": "Read"}, "where a language code"),
    ({"en": ""}, "non-empty text for language en"),
    ({"en": "   "}, "non-empty text for language en"),
    ({"en": 5}, "non-empty text for language en"),
]


def i18n_rows(conn, course):
    """The three I18N_TEXT fields of seed 003, each with the other columns it needs."""
    return {
        "challenges.description": lambda doc: insert(
            conn, "reward.challenges", title="Reading week", description=Jsonb(doc), target_amount=5,
            start_date="2026-01-01", end_date="2026-01-08", created_by_id=course["user"]),
        "achievements.description": lambda doc: insert(
            conn, "reward.achievements", key=f"k{abs(hash(json.dumps(doc))) % 10**9}", name="Bookworm",
            description=Jsonb(doc)),
        "nudge_history.message": lambda doc: insert(
            conn, "reward.nudge_history", user_id=course["user"], nudge_type="inactivity", language="en",
            message=Jsonb(doc)),
    }


@pytest.mark.parametrize("field", ["challenges.description", "achievements.description", "nudge_history.message"])
def test_i18n_text_fields_accept_good_and_refuse_bad_documents_by_name(conn, course, field):
    write = i18n_rows(conn, course)[field]
    write(GOOD_I18N)
    before = snapshot(conn)
    for document, message in BAD_I18N:
        with pytest.raises(psycopg.errors.CheckViolation, match=f"{field} .*{message}|{field} {message}"):
            write(document)
    assert snapshot(conn) == before


@pytest.mark.parametrize(("field", "write"), [
    ("nudge_history.metadata", lambda conn, c, doc: insert(
        conn, "reward.nudge_history", user_id=c["user"], nudge_type="course_reminder", language="en",
        message=Jsonb({"en": "Hi"}), metadata=Jsonb(doc))),
    ("course_assets.metadata", lambda conn, c, doc: insert(
        conn, "learn.course_assets", course_id=c["course"], storage_key=f"k/{abs(hash(json.dumps(doc)))}",
        content_type="video/mp4", size_bytes=10, metadata=Jsonb(doc))),
    ("behavior_logs.metadata", lambda conn, c, doc: insert(
        conn, "learn.behavior_logs", user_id=c["user"], action="lesson_opened", metadata=Jsonb(doc))),
])
def test_metadata_fields_must_be_objects(conn, course, field, write):
    write(conn, course, {"lesson": 1, "source": "app"})
    before = snapshot(conn)
    for document in ([1, 2], "text", 42, True):
        with pytest.raises(psycopg.errors.CheckViolation, match=f"{field} must be a JSON object"):
            write(conn, course, document)
    assert snapshot(conn) == before


def test_ai_analysis_result_has_the_shape_queries_read(conn, course):
    good = {"summary": "Visual learner", "recommendations": [{"course": "sql-101"}], "confidence": 0.8}
    insert(conn, "learn.ai_analyses", user_id=course["user"], analysis_type="learning_style", result=Jsonb(good))
    for document, message in (
        ([good], "ai_analyses.result must be a JSON object"),
        ({"recommendations": []}, 'must have a "summary" text'),
        ({"summary": "x", "recommendations": "sql-101"}, 'must have a "recommendations" array'),
    ):
        with pytest.raises(psycopg.errors.CheckViolation, match=message):
            insert(conn, "learn.ai_analyses", user_id=course["user"], analysis_type="x", result=Jsonb(document))


# ---- challenges -------------------------------------------------------------------

def test_challenge_rules(conn, course):
    with pytest.raises(psycopg.errors.CheckViolation, match="challenges_dates_check"):
        insert(conn, "reward.challenges", title="Backwards", description=Jsonb(GOOD_I18N), target_amount=5,
               start_date="2026-02-01", end_date="2026-01-01", created_by_id=course["user"])
    challenge = scalar(conn, "insert into reward.challenges (title, description, target_amount, start_date, end_date,"
                       " created_by_id) values ('Week', %s, 5, now() - interval '1 day', now() + interval '6 days',"
                       " %s) returning id", [json.dumps(GOOD_I18N), course["user"]])
    insert(conn, "reward.challenge_participants", challenge_id=challenge, user_id=course["user"])
    with pytest.raises(psycopg.errors.UniqueViolation, match="challenge_participants_challenge_id_user_id_key"):
        insert(conn, "reward.challenge_participants", challenge_id=challenge, user_id=course["user"])
    with pytest.raises(psycopg.errors.CheckViolation, match="challenge_participants_progress_check"):
        with conn.transaction():
            conn.execute("update reward.challenge_participants set progress = -1")


def make_challenge(db, creator, starts="now() - interval '1 day'", target=10):
    return scalar(db, "insert into reward.challenges (title, description, target_amount, start_date, end_date,"
                  f" created_by_id) values ('Quiz week', '{{\"en\": \"Answer quizzes\"}}', %s, {starts},"
                  f" {starts} + interval '7 days', %s) returning id", [target, creator])


def test_challenge_progress_and_leaderboard(gamedb, db):
    asha, ravi, meera = (add_user(db, n) for n in (311, 312, 313))
    challenge = make_challenge(db, asha)
    for user, amounts in ((asha, [4, 3]), (ravi, [7]), (meera, [12])):
        for amount in amounts:
            assert rows(run(gamedb, "challenge_add_progress", f"challenge_id={challenge}", f"user_id={user}",
                            f"amount={amount}"))
    board = rows(run(gamedb, "challenge_leaderboard", f"challenge_id={challenge}"))
    assert [(r["place"], r["user_id"], r["progress"], r["percent_done"]) for r in board] == [
        (1, meera, 12, 100.0), (2, asha, 7, 70.0), (3, ravi, 7, 70.0)]
    assert board[0]["completed_at"] is not None and board[1]["completed_at"] is None
    negative = run(gamedb, "challenge_add_progress", f"challenge_id={challenge}", f"user_id={asha}", "amount=-9")
    assert negative.exit_code == 3 and "challenge_participants_progress_check" in negative.stderr
    future = make_challenge(db, asha, starts="now() + interval '1 day'")
    assert rows(run(gamedb, "challenge_add_progress", f"challenge_id={future}", f"user_id={asha}", "amount=1")) == []
    assert gamedb("check").exit_code == 0


# ---- certificates -------------------------------------------------------------------

def complete_lessons(db, course, lessons):
    for lesson in lessons:
        db.execute("insert into learn.lesson_progress (enrollment_id, course_id, lesson_id, progress_percent,"
                   " completed_at) values (%s, %s, %s, 100, now())", [course["enrollment"], course["course"], lesson])


def test_a_certificate_must_be_earned(conn, course):
    def issue():
        with conn.transaction():
            conn.execute("insert into learn.certificates (enrollment_id) values (%s)", [course["enrollment"]])

    with pytest.raises(psycopg.errors.CheckViolation, match="has not earned its certificate"):
        issue()
    complete_lessons(conn, course, course["lessons"])
    conn.execute("insert into learn.quiz_attempts (enrollment_id, score) values (%s, 65)", [course["enrollment"]])
    with pytest.raises(psycopg.errors.CheckViolation, match="has not earned its certificate"):
        issue()
    conn.execute("insert into learn.quiz_attempts (enrollment_id, score) values (%s, 82.5)", [course["enrollment"]])
    issue()
    with pytest.raises(psycopg.errors.UniqueViolation, match="certificates_enrollment_id_key"):
        issue()


def test_progress_must_be_for_a_lesson_of_the_enrolled_course(conn, course):
    other = scalar(conn, "insert into learn.courses (slug, title) values ('other', 'Other') returning id")
    foreign_lesson = scalar(conn, "insert into learn.lessons (course_id, position, title) values (%s, 1, 'X')"
                            " returning id", [other])
    for course_id in (course["course"], other):
        with pytest.raises(psycopg.errors.ForeignKeyViolation), conn.transaction():
            conn.execute("insert into learn.lesson_progress (enrollment_id, course_id, lesson_id) values (%s, %s, %s)",
                         [course["enrollment"], course_id, foreign_lesson])
    with pytest.raises(psycopg.errors.CheckViolation, match="lesson_progress_completed_check"), conn.transaction():
        conn.execute("insert into learn.lesson_progress (enrollment_id, course_id, lesson_id, progress_percent)"
                     " values (%s, %s, %s, 100)", [course["enrollment"], course["course"], course["lessons"][0]])


def test_issue_certificates_cron_issues_each_earned_one_once(gamedb, db):
    user = add_user(db, 321)
    quizless = scalar(db, "insert into learn.courses (slug, title) values ('intro', 'Intro') returning id")
    lesson = scalar(db, "insert into learn.lessons (course_id, position, title) values (%s, 1, 'Only') returning id",
                    [quizless])
    done = scalar(db, "insert into learn.enrollments (user_id, course_id) values (%s, %s) returning id",
                  [user, quizless])
    db.execute("insert into learn.lesson_progress (enrollment_id, course_id, lesson_id, progress_percent, completed_at)"
               " values (%s, %s, %s, 100, now())", [done, quizless, lesson])
    other = add_user(db, 322)
    db.execute("insert into learn.enrollments (user_id, course_id) values (%s, %s)", [other, quizless])
    db.execute("update core.users set first_name = 'Asha', last_name = 'Rao' where id = %s", [user])
    issued = rows(run(gamedb, "issue_certificates"))
    assert [(i["user_id"], i["course_id"]) for i in issued] == [(user, quizless)]
    assert len(issued[0]["verification_code"]) == 32
    assert rows(run(gamedb, "issue_certificates")) == []
    assert scalar(db, "select status from learn.enrollments where id = %s", [done]) == "completed"
    code = issued[0]["verification_code"]
    db.execute("update core.users set first_name = 'Someone', last_name = 'Else' where id = %s", [user])
    verified = rows(run(gamedb, "verify_certificate", f"code={code.lower()}"))
    assert [(v["course"], v["learner"], v["grade"], v["is_valid"]) for v in verified] == [
        ("Intro", "Asha Rao", None, True)]  # the name as certified; no quiz, no grade
    assert rows(run(gamedb, "verify_certificate", "code=NOT-A-CODE")) == []
    assert gamedb("check").exit_code == 0
    # Invalidated with a reason, by an administrator; the code then answers "invalid".
    admin = add_user(db, 323)
    withdrawn = rows(run(gamedb, "invalidate_certificate", f"code={code}", f"admin_id={admin}",
                         "reason=plagiarised quiz", role="gamedb_app"))
    assert [w["status"] for w in withdrawn] == ["invalidated"]
    verified = rows(run(gamedb, "verify_certificate", f"code={code}"))
    assert [(v["is_valid"], v["status"], v["invalidation_reason"]) for v in verified] == [
        (False, "invalidated", "plagiarised quiz")]
    before = snapshot(db)
    again = run(gamedb, "invalidate_certificate", f"code={code}", f"admin_id={admin}", "reason=x", role="gamedb_app")
    assert again.exit_code == 3 and "no issued certificate" in again.stderr
    no_reason = run(gamedb, "invalidate_certificate", f"code={code}", f"admin_id={admin}", "reason= ",
                    role="gamedb_app")
    assert no_reason.exit_code == 3 and "needs a reason" in no_reason.stderr
    assert snapshot(db) == before


def test_the_app_cannot_forge_a_certificate_snapshot_or_status(app, db):
    before = snapshot(db)
    for statement in ("update learn.certificates set status = 'issued', invalidated_at = null",
                      "update learn.certificates set learner_name = 'Someone Famous'",
                      "delete from learn.certificates"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute(statement)
    assert snapshot(db) == before


# ---- nudges -------------------------------------------------------------------

def test_nudge_cron_respects_language_daily_idempotence_and_weekly_cap(gamedb, db):
    vi_user = add_user(db, 331, language="vi")
    fr_user = add_user(db, 332, language="fr")
    active = add_user(db, 333)
    capped = add_user(db, 334)
    db.execute("update core.users set last_active_at = now() - interval '5 days' where id = any(%s)",
               [[vi_user, fr_user, capped]])
    db.execute("update core.users set last_active_at = now() - interval '1 day' where id = %s", [active])
    db.execute("insert into reward.nudge_history (user_id, nudge_type, language, message, sent_at, sent_on)"
               " select %s, 'course_reminder', 'en', '{\"en\": \"Hi\"}', now() - g * interval '1 day',"
               " current_date - g from generate_series(1, 2) g", [capped])
    sent = rows(run(gamedb, "nudge_inactive_users"))
    assert [(s["user_id"], s["language"]) for s in sent] == [(vi_user, "vi"), (fr_user, "en")]
    assert sent[0]["message"].startswith("Chúng tôi nhớ bạn")
    assert scalar(db, "select metadata ->> 'inactive_days' from reward.nudge_history where user_id = %s",
                  [vi_user]) == "5"
    assert rows(run(gamedb, "nudge_inactive_users")) == []
    assert scalar(db, "select count(*) from reward.nudge_history where nudge_type = 'inactivity'") == 2
    run(gamedb, "setting_set", "key=max_nudges_per_week", "value=3", "changed_by=test")
    assert [s["user_id"] for s in rows(run(gamedb, "nudge_inactive_users"))] == [capped]
    assert gamedb("check").exit_code == 0


# ---- AI analyses, assets -------------------------------------------------------------

def test_latest_ai_analysis(gamedb, db):
    user = add_user(db, 341)
    for summary in ("first look", "after a week"):
        saved = run(gamedb, "save_ai_analysis", f"user_id={user}", "analysis_type=learning_style",
                    f'result={{"summary": "{summary}", "recommendations": ["sql-101"]}}', "model_name=m-1")
        assert saved.exit_code == 0, saved.output
    run(gamedb, "save_ai_analysis", f"user_id={user}", "analysis_type=course_fit",
        'result={"summary": "likes SQL", "recommendations": []}')
    assert rows(run(gamedb, "latest_ai_analysis", f"user_id={user}"))[0]["summary"] == "likes SQL"
    learning = rows(run(gamedb, "latest_ai_analysis", f"user_id={user}", "analysis_type=learning_style"))[0]
    assert (learning["summary"], learning["recommendations"]) == ("after a week", ["sql-101"])
    bad = run(gamedb, "save_ai_analysis", f"user_id={user}", "analysis_type=x", 'result={"summary": 1}')
    assert bad.exit_code == 3 and 'ai_analyses.result must have a "summary" text' in bad.stderr
    not_json = run(gamedb, "save_ai_analysis", f"user_id={user}", "analysis_type=x", "result={oops")
    assert not_json.exit_code == 2 and "parameter result: expected json" in not_json.stderr


def test_course_asset_storage_key_is_unique(conn, course):
    insert(conn, "learn.course_assets", course_id=course["course"], storage_key="courses/sql-101/intro.mp4",
           content_type="video/mp4", size_bytes=1024, lesson_id=course["lessons"][0])
    with pytest.raises(psycopg.errors.UniqueViolation, match="course_assets_storage_key_key"):
        insert(conn, "learn.course_assets", course_id=course["course"], storage_key="courses/sql-101/intro.mp4",
               content_type="video/mp4", size_bytes=1)


def test_the_nudge_job_reads_inactive_users_through_an_index(conn):
    """The least recently active users come from the last_active_at index, not a scan of every user."""
    plan = plan_at_scale(conn, "nudge_inactive_users")
    assert "idx_users_last_active_at" in plan and "Seq Scan on users" not in plan, plan
