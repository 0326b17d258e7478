"""Course and quest-builder lifecycles through named queries, as the application (gamedb_app) runs them."""

import pytest

from tests.helpers import add_user, rows, run, scalar, snapshot

GRAPH = '{"nodes": [{"id": "start"}, {"id": "end"}], "edges": [{"source": "start", "target": "end"}]}'


def app_run(gamedb, name, *params):
    return run(gamedb, name, *params, role="gamedb_app")


@pytest.fixture
def course(db):
    course = scalar(db, "insert into learn.courses (slug, title, passing_score, published)"
                        " values ('kites', 'Kites', 60, true) returning id")
    lessons = [scalar(db, "insert into learn.lessons (course_id, position, title) values (%s, %s, %s) returning id",
                      [course, n, f"Lesson {n}"]) for n in (1, 2)]
    other = scalar(db, "insert into learn.courses (slug, title, published) values ('boats', 'Boats', true)"
                       " returning id")
    foreign = scalar(db, "insert into learn.lessons (course_id, position, title) values (%s, 1, 'Oars') returning id",
                     [other])
    return {"course": course, "lessons": lessons, "foreign_lesson": foreign, "user": add_user(db, 7501)}


def test_enrol_progress_quiz_and_complete(db, gamedb, course):
    (enrolment,) = rows(app_run(gamedb, "enrol", f"user_id={course['user']}", f"course_id={course['course']}"))
    again = rows(app_run(gamedb, "enrol", f"user_id={course['user']}", f"course_id={course['course']}"))
    assert [e["enrollment_id"] for e in again] == [enrolment["enrollment_id"]]
    enrollment = enrolment["enrollment_id"]
    progress = rows(app_run(gamedb, "record_lesson_progress", f"enrollment_id={enrollment}",
                            f"lesson_id={course['lessons'][0]}", "percent=60"))
    assert [(p["progress_percent"], p["completed_at"]) for p in progress] == [(60, None)]
    lower = rows(app_run(gamedb, "record_lesson_progress", f"enrollment_id={enrollment}",
                         f"lesson_id={course['lessons'][0]}", "percent=30"))
    assert lower[0]["progress_percent"] == 60  # progress never goes down
    early = app_run(gamedb, "complete_course", f"enrollment_id={enrollment}")
    assert early.exit_code == 3 and "has not earned its certificate" in early.stderr
    for lesson in course["lessons"]:
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


def test_course_refusals_change_nothing(db, gamedb, course):
    (enrolment,) = rows(app_run(gamedb, "enrol", f"user_id={course['user']}", f"course_id={course['course']}"))
    before = snapshot(db)
    foreign = app_run(gamedb, "record_lesson_progress", f"enrollment_id={enrolment['enrollment_id']}",
                      f"lesson_id={course['foreign_lesson']}", "percent=10")
    assert foreign.exit_code == 3 and "lesson_progress_lesson_id_fkey" in foreign.stderr
    assert app_run(gamedb, "record_quiz_attempt", f"enrollment_id={enrolment['enrollment_id']}",
                   "score=101").exit_code == 2
    assert snapshot(db) == before


def test_a_builder_session_becomes_a_quest(db, gamedb):
    parent = add_user(db, 7601)
    (session,) = rows(app_run(gamedb, "builder_session_start", f"user_id={parent}", 'context={"child_age": 8}'))
    sid = session["session_id"]
    for speaker, message in (("user", "My son is afraid of the dark"), ("assistant", "Let us build a lantern quest")):
        turns = rows(app_run(gamedb, "builder_session_add_turn", f"session_id={sid}", f"speaker={speaker}",
                             f"message={message}"))
    assert turns[0]["turns"] == 2
    early = app_run(gamedb, "builder_session_publish", f"session_id={sid}", "quest_key=lantern", "title=Lantern")
    assert early.exit_code == 3 and "is not ready" in early.stderr
    rows(app_run(gamedb, "builder_session_advance", f"session_id={sid}", "stage=generating"))
    back = app_run(gamedb, "builder_session_advance", f"session_id={sid}", "stage=clarifying")
    assert back.exit_code == 3 and "cannot go back" in back.stderr
    bad_graph = app_run(gamedb, "builder_session_advance", f"session_id={sid}", "stage=reviewing", 'graph={"x": 1}')
    assert bad_graph.exit_code == 3
    ready = rows(app_run(gamedb, "builder_session_advance", f"session_id={sid}", "stage=quest_ready",
                         f"graph={GRAPH}"))
    assert [(r["current_stage"], r["has_graph"]) for r in ready] == [("quest_ready", True)]
    (quest,) = rows(app_run(gamedb, "builder_session_publish", f"session_id={sid}", "quest_key=lantern",
                            "title=Lantern"))
    assert (quest["user_id"], quest["is_public"]) == (parent, False)
    assert scalar(db, "select quest_id from quest.quest_builder_sessions where id = %s", [sid]) == quest["id"]
    twice = app_run(gamedb, "builder_session_publish", f"session_id={sid}", "quest_key=lantern2", "title=L")
    assert twice.exit_code == 3 and "already published" in twice.stderr
