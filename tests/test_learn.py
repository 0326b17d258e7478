"""The learn module: courses, lessons and progress, certificates, AI analyses."""

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.helpers import (add_course, add_enrolment, add_user, app_run, broken_invariants, insert, rows,
                           run, scalar, snapshot)


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
    nobody = run(gamedb, "invalidate_certificate", f"code={code}", "admin_id=999999999", "reason=x",
                 role="gamedb_app")
    assert nobody.exit_code == 3 and "no user with id 999999999" in nobody.stderr
    assert snapshot(db) == before
    # No foreign key holds the administrator (a certificate and its administrator live on different Citus
    # shards): a user deleted behind the application's back is found by `gamedb check`.
    db.execute("delete from core.users where id = %s", [admin])
    assert broken_invariants(gamedb) == {"certificates_invalidated_by_a_user"}


def test_the_app_cannot_forge_a_certificate_snapshot_or_status(app, db):
    before = snapshot(db)
    for statement in ("update learn.certificates set status = 'issued', invalidated_at = null",
                      "update learn.certificates set learner_name = 'Someone Famous'",
                      # who invalidated it is written by learn.invalidate_certificate alone (no foreign key)
                      "update learn.certificates set invalidated_by = 999999999",
                      "insert into learn.certificates (enrollment_id, invalidated_by) values (1, 999999999)",
                      "delete from learn.certificates"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute(statement)
    assert snapshot(db) == before


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


@pytest.fixture
def published_course(db):
    course = scalar(db, "insert into learn.courses (slug, title, passing_score, published)"
                        " values ('kites', 'Kites', 60, true) returning id")
    lessons = [scalar(db, "insert into learn.lessons (course_id, position, title) values (%s, %s, %s) returning id",
                      [course, n, f"Lesson {n}"]) for n in (1, 2)]
    other = scalar(db, "insert into learn.courses (slug, title, published) values ('boats', 'Boats', true)"
                       " returning id")
    foreign = scalar(db, "insert into learn.lessons (course_id, position, title) values (%s, 1, 'Oars') returning id",
                     [other])
    return {"course": course, "lessons": lessons, "foreign_lesson": foreign, "user": add_user(db, 7501)}


def test_enrol_progress_quiz_and_complete(db, gamedb, published_course):
    (enrolment,) = rows(app_run(gamedb, "enrol", f"user_id={published_course['user']}",
                                f"course_id={published_course['course']}"))
    again = rows(app_run(gamedb, "enrol", f"user_id={published_course['user']}",
                         f"course_id={published_course['course']}"))
    assert [e["enrollment_id"] for e in again] == [enrolment["enrollment_id"]]
    enrollment = enrolment["enrollment_id"]
    progress = rows(app_run(gamedb, "record_lesson_progress", f"enrollment_id={enrollment}",
                            f"lesson_id={published_course['lessons'][0]}", "percent=60"))
    assert [(p["progress_percent"], p["completed_at"]) for p in progress] == [(60, None)]
    lower = rows(app_run(gamedb, "record_lesson_progress", f"enrollment_id={enrollment}",
                         f"lesson_id={published_course['lessons'][0]}", "percent=30"))
    assert lower[0]["progress_percent"] == 60  # progress never goes down
    early = app_run(gamedb, "complete_course", f"enrollment_id={enrollment}")
    assert early.exit_code == 3 and "has not earned its certificate" in early.stderr
    for lesson in published_course["lessons"]:
        rows(app_run(gamedb, "record_lesson_progress", f"enrollment_id={enrollment}", f"lesson_id={lesson}",
                     "percent=100"))
    failed = rows(app_run(gamedb, "record_quiz_attempt", f"enrollment_id={enrollment}", "score=40"))
    assert [(a["passed"], a["passing_score"]) for a in failed] == [(False, 60)]
    assert app_run(gamedb, "complete_course", f"enrollment_id={enrollment}").exit_code == 3
    passed = rows(app_run(gamedb, "record_quiz_attempt", f"enrollment_id={enrollment}", "score=85.5"))
    assert [a["passed"] for a in passed] == [True]
    (certificate,) = rows(app_run(gamedb, "complete_course", f"enrollment_id={enrollment}"))
    assert scalar(db, "select status from learn.enrollments where id = %s", [enrollment]) == "completed"
    assert scalar(db, "select grade from learn.certificates where id = %s", [certificate["certificate_id"]]) == 85.5
    assert gamedb("check").exit_code == 0


def test_course_refusals_change_nothing(db, gamedb, published_course):
    (enrolment,) = rows(app_run(gamedb, "enrol", f"user_id={published_course['user']}",
                                f"course_id={published_course['course']}"))
    before = snapshot(db)
    foreign = app_run(gamedb, "record_lesson_progress", f"enrollment_id={enrolment['enrollment_id']}",
                      f"lesson_id={published_course['foreign_lesson']}", "percent=10")
    assert foreign.exit_code == 3 and "lesson_progress_lesson_id_fkey" in foreign.stderr
    assert app_run(gamedb, "record_quiz_attempt", f"enrollment_id={enrolment['enrollment_id']}",
                   "score=101").exit_code == 2
    assert snapshot(db) == before


def test_issue_certificates_looks_at_what_changed_and_daily_at_everything(gamedb, db):
    """After the day's first run (every enrolment), a run issues what new progress earned; an
    enrolment earned by a change elsewhere (a passing score lowered) waits for issue_all=true or the
    next day's first run."""
    earner, waiter = add_user(db, 331), add_user(db, 332)
    course, lesson = add_course(db, "inc", passing_score=80)
    for user in (earner, waiter):
        enrolment = add_enrolment(db, user, course)
        db.execute("insert into learn.lesson_progress (enrollment_id, course_id, lesson_id, progress_percent,"
                   " completed_at, updated_at) values (%s, %s, %s, 100, now() - interval '2 days',"
                   " now() - interval '2 days')", [enrolment, course, lesson])
        db.execute("insert into learn.quiz_attempts (enrollment_id, score, attempted_at)"
                   " values (%s, 70, now() - interval '2 days')", [enrolment])
    assert rows(run(gamedb, "issue_certificates")) == []  # the day's first run: nobody has passed the quiz
    db.execute("insert into learn.quiz_attempts (enrollment_id, score)"
               " select id, 90 from learn.enrollments where user_id = %s", [earner])
    db.execute("update learn.courses set passing_score = 60 where id = %s", [course])
    assert [r["user_id"] for r in rows(run(gamedb, "issue_certificates"))] == [earner]
    assert [r["user_id"] for r in rows(run(gamedb, "issue_certificates", "issue_all=true"))] == [waiter]
