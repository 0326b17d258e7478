"""The core module: settings, the event log, the JSON documents the database validates."""

import json

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.helpers import GOOD_I18N, add_user, insert, refused, rows, run, run_at_once, scalar, snapshot


def test_event_log_is_handed_out_at_most_once(gamedb, db, db_url):
    user = add_user(db, 811)
    db.execute("insert into core.event_logs (event_type, user_id, metadata, emitted_at)"
               " select case when g %% 2 = 0 then 'ANSWER_ACCEPTED' else 'MASTERY_UPDATED' end, %s,"
               " jsonb_build_object('n', g), now() - (100 - g) * interval '1 second'"
               " from generate_series(1, 40) g", [user])
    first = rows(run(gamedb, "process_event_log", "max_rows=5", "event_types=ANSWER_ACCEPTED"))
    assert [e["metadata"]["n"] for e in first] == [2, 4, 6, 8, 10]
    outputs = run_at_once(db_url, *[["query", "run", "process_event_log", "--format", "jsonl"]] * 2)
    handed = [json.loads(line)["id"] for code, out, _ in outputs if code == 0 for line in out.splitlines()]
    assert sorted(code for code, _, _ in outputs) in ([0, 0], [0, 75])
    assert len(handed) == len(set(handed)) == 35
    assert rows(run(gamedb, "process_event_log")) == []
    assert scalar(db, "select count(*) from core.event_logs where processed_at is null") == 0


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
        ("insert", None, "10", "migration 0002", "gamedb", True),
        ("update", "10", "12", "ops: Priya", "gamedb", True),
        ("update", "12", "8", "cron: tune", "gamedb", True),
    ]
    refused(conn, "update core.gamification_settings_history set new_value = '99'", match="append-only")
    refused(conn, "delete from core.gamification_settings_history", match="append-only")
    refused(conn, "truncate core.gamification_settings_history", match="append-only")


def test_unknown_setting_is_an_error(conn):
    refused(conn, "select core.set_setting('max_games_per_week', '3', 'x')", match="is not defined")
    refused(conn, "select core.setting_numeric('nope')", match="setting nope is not defined")
