"""The CLI as cron and deploy pipelines see it: exit codes, checks, demo data, locks."""

import io

import psycopg
import pytest
from click.testing import CliRunner

from runner import INVARIANTS_DIR
from runner.cli import cli
from runner.errors import OutputClosedError, RefusedError
from runner.queries import all_queries, execute, parse_query, writer
from tests.helpers import scalar, snapshot


def test_the_database_in_use_is_announced_without_its_password(db_url, monkeypatch):
    result = CliRunner().invoke(cli, ["--database", db_url, "status"])
    assert f"gamedb: database {db_url} (from --database)" in result.stderr
    monkeypatch.setenv("DATABASE_URL", "postgresql://app:s3cret@127.0.0.1:1/nowhere?connect_timeout=2")
    unreachable = CliRunner().invoke(cli, ["status"])
    assert "(from DATABASE_URL)" in unreachable.stderr
    assert "s3cret" not in unreachable.stderr and "app:***@" in unreachable.stderr
    assert unreachable.exit_code == 4
    assert unreachable.stderr.count("\n") == 2, "one line to say which database, one for the error"


def test_check_passes_on_a_fresh_database_and_names_broken_rows(gamedb, db):
    rules = len(list(INVARIANTS_DIR.glob("*.sql")))
    clean = gamedb("check")
    assert clean.exit_code == 0 and f"{rules} of {rules} invariants hold" in clean.stdout
    db.execute("insert into core.users (php_user_id, total_games_played) values (1, 3)")
    db.execute("update play.game_questions set usage_count = 4, success_count = 1"
               " where question_text = 'Aap kaise ho?'")
    broken = gamedb("check")
    assert broken.exit_code == 1
    assert "BROKEN  users_game_totals" in broken.stdout
    assert "BROKEN  game_questions_statistics" in broken.stdout
    assert f"{rules - 2} of {rules} invariants hold" in broken.stdout


def test_demo_data_loads_once_and_keeps_every_invariant(gamedb, db):
    assert gamedb("load-demo").exit_code == 0
    counts = snapshot(db)
    assert counts["core.users"][0] == 15 and counts["play.game_sessions"][0] > 10
    assert gamedb("load-demo").exit_code == 0
    assert snapshot(db) == counts
    assert gamedb("check").exit_code == 0
    stats = gamedb("query", "run", "game_stats")
    assert "intent_quest" in stats.stdout and "rupees_credited" in stats.stdout
    assert "(1 row)" in gamedb("query", "run", "pending_rewards", "-p", "max_rows=1").stdout


def test_a_cron_write_query_already_running_exits_75_and_does_nothing(gamedb, db_url, db):
    db.execute("insert into chat.conversation_logs (session_id, user_message, nlu_intent, nlu_confidence)"
               " values ('s', 'track it', 'track_order', 0.99)")
    with psycopg.connect(db_url) as other_run:
        other_run.execute("select pg_advisory_xact_lock(hashtextextended('gamedb.query.harvest_training_candidates', 0))")
        busy = gamedb("query", "run", "harvest_training_candidates")
        assert busy.exit_code == 75
        assert "already running elsewhere; nothing was done" in busy.stderr
    assert scalar(db, "select count(*) from chat.training_samples") == 0
    assert gamedb("query", "run", "harvest_training_candidates").exit_code == 0
    assert scalar(db, "select count(*) from chat.training_samples") == 1


def test_output_that_breaks_half_way_commits_nothing(db_url, db):
    db.execute("insert into chat.training_samples (text, intent, review_status, approved, approved_at)"
               " select 'sample ' || g, 'greet', 'approved', true, now() from generate_series(1, 50) g")
    query = all_queries()["export_training_batch"]
    written = []

    class ClosesAfterTenLines(io.StringIO):
        def write(self, text):
            if len(written) == 10:
                raise BrokenPipeError
            written.append(text)
            return len(text)

    with psycopg.connect(db_url) as conn, pytest.raises(OutputClosedError, match="nothing was committed"):
        execute(conn, query, query.values({"batch_id": "b1"}), writer("jsonl", ClosesAfterTenLines()))
    assert len(written) == 10
    assert scalar(db, "select count(*) from chat.training_samples where used_in_training") == 0


def test_read_queries_cannot_write(tmp_path, db_url, db):
    sneaky = tmp_path / "sneaky.sql"
    sneaky.write_text("-- name: sneaky\n-- description: d\n-- mode: read\n"
                      "update core.gamification_settings set value = '0' where key = 'max_games_per_day'\n")
    query = parse_query(sneaky)
    with psycopg.connect(db_url) as conn, pytest.raises(Exception, match="read-only transaction"):
        execute(conn, query, {}, writer("table", io.StringIO()))
    assert scalar(db, "select value from core.gamification_settings where key = 'max_games_per_day'") == "10"


def test_a_refusal_inside_a_write_query_rolls_back_everything(db_url, db):
    query = all_queries()["complete_game"]
    before = snapshot(db)
    with psycopg.connect(db_url) as conn, pytest.raises(RefusedError, match="game session 999 does not exist"):
        execute(conn, query, query.values({"game_session_id": "999", "answer": "x"}), writer("table", io.StringIO()))
    assert snapshot(db) == before


def test_status_lists_applied_migrations(gamedb):
    status = gamedb("status")
    assert status.exit_code == 0
    assert "applied  0001_core_baseline_users" in status.stdout
    assert "0 pending; migration lock: free" in status.stdout


def test_help_documents_the_exit_codes():
    help_text = CliRunner().invoke(cli, ["--help"]).output
    documented = [line.split()[0] for line in help_text.split("Exit codes:")[1].splitlines()
                  if line.strip()[:1].isdigit()]
    assert documented == ["0", "1", "2", "3", "4", "5", "75"]


def test_a_database_error_anywhere_is_one_line(gamedb, db):
    db.execute("alter table _yoyo_migration rename to _yoyo_migration_moved")
    db.execute("create view _yoyo_migration as select 1 as migration_id, now() as applied_at_utc")
    result = gamedb("status")
    assert result.exit_code == 4
    assert result.stderr.splitlines()[-1] == (
        "gamedb: error: database error [42804]: JOIN/USING types integer and text cannot be matched")
    assert "Traceback" not in result.output
