"""The named-query engine: headers, templates, bound values, and bad input."""

import json

import pytest

from runner import INVARIANTS_DIR
from runner.errors import UsageError
from runner.invariants import invariant_description
from runner.migrate import local_migrations, migration_header
from runner.queries import all_queries, parse_query
from tests.helpers import snapshot

HOSTILE = "x'); drop table core.users; --"


def write_query(tmp_path, text):
    path = tmp_path / "probe.sql"
    path.write_text(text)
    return path


def test_every_query_file_is_valid_and_documented():
    queries = all_queries()
    assert len(queries) >= 11
    for name, query in queries.items():
        assert query.description, name
        assert query.mode in ("read", "write"), name
        for param in query.params.values():
            assert param.help, f"{name}: parameter {param.name} has no help text"


def test_a_value_renders_as_a_bind_placeholder_never_as_text():
    query = all_queries()["pending_rewards"]
    text, bound = query.render(query.values({"game_types": HOSTILE, "max_rows": "5"}))
    assert "= any(%(game_types)s)" in text and "limit %(max_rows)s" in text
    assert "drop table" not in text
    assert bound == {"game_types": [HOSTILE], "max_rows": 5}


def test_an_optional_filter_disappears_when_not_given():
    query = all_queries()["pending_rewards"]
    text, bound = query.render(query.values({}))
    assert "game_types" not in text and bound == {"max_rows": 100}


def test_choice_parameters_come_from_the_allow_list_only():
    query = all_queries()["game_stats"]
    text, bound = query.render(query.values({"period": "week"}))
    assert "date_trunc('week', now())" in text and bound == {}
    with pytest.raises(UsageError, match="expected one of all, day, week, month"):
        query.values({"period": "week') or true; --"})


@pytest.mark.parametrize(("body", "message"), [
    ("-- name: probe\n-- description: d\n-- mode: read\nselect {{ ghost }}\n", "undeclared parameter"),
    ("-- name: probe\n-- description: d\n-- mode: read\n-- param: unused int = 1 | h\nselect 1\n",
     "never uses: unused"),
    ("-- name: probe\n-- description: d\n-- mode: read\n-- param: x int | h\nselect %(x)s\n", "write values as"),
    ("-- name: probe\n-- description: d\n-- mode: delete\nselect 1\n", "mode must be read or write"),
    ("-- name: other\n-- description: d\n-- mode: read\nselect 1\n", "must match the file name"),
    ("-- name: probe\n-- colour: red\n-- mode: read\nselect 1\n", "unknown header key 'colour'"),
    ("-- name: probe\n-- mode: read\n-- param: x money | h\nselect {{ x }}\n", "unknown type money"),
    ("-- name: probe\n-- mode: read\nselect {% if %}\n", "template syntax error"),
])
def test_a_misleading_query_file_is_refused(tmp_path, body, message):
    with pytest.raises(UsageError, match=message):
        parse_query(write_query(tmp_path, body))


@pytest.mark.parametrize(("args", "message"), [
    (["query", "run", "no_such_query"], "unknown query 'no_such_query'"),
    (["query", "run", "../etc/passwd"], "unknown query"),
    (["query", "run", "start_game", "-p", "game_type=intent_quest", "-p", "session_id=s"],
     "query start_game needs -p user_id=..."),
    (["query", "run", "start_game"], "query start_game needs -p user_id=..., -p game_type=..., -p session_id=..."),
    (["query", "run", "xp_leaderbord"], "unknown query 'xp_leaderbord'; did you mean xp_leaderboard"),
    (["query", "run", "pending_rewards", "-p", "max_rows=-5"], "parameter max_rows: must be >= 1 <= 1000000, got -5"),
    (["query", "run", "marketplace_browse", "-p", "page=0"], "parameter page: must be >= 1, got 0"),
    (["query", "run", "forget_user", "-p", "user_id=99999999999999999999"], "parameter user_id: expected int"),
    (["--bogus"], "No such option '--bogus'. (see `gamedb --help`)"),
    (["query", "run", "game_stats", "--format", "xml"], "Invalid value for '--format'"),
    (["frobnicate"], "No such command 'frobnicate'"),
    (["query", "run", "pending_rewards", "-p", "colour=red"], "query pending_rewards has no parameter colour"),
    (["query", "run", "pending_rewards", "-p", "max_rows=ten"], "parameter max_rows: expected int, got 'ten'"),
    (["query", "run", "pending_rewards", "-p", "max_rows"], "expected NAME=VALUE"),
    (["query", "run", "pending_rewards", "-p", "max_rows=1", "-p", "max_rows=2"], "given twice"),
    (["query", "run", "game_stats", "-p", "period=year"], "expected one of all, day, week, month"),
    (["query", "run", "start_game", "-p", "user_id=1; drop table core.users", "-p", "game_type=x",
      "-p", "session_id=s"], "parameter user_id: expected int"),
    (["query", "run", "pending_rewards", "--format", "xml"], "Invalid value for '--format'"),
])
def test_bad_input_is_one_clear_line_exit_2_and_changes_nothing(gamedb, db, args, message):
    before = snapshot(db)
    result = gamedb(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(db) == before


def test_hostile_strings_are_stored_as_plain_values(gamedb, db):
    before_users = snapshot(db)["core.users"]
    result = gamedb("query", "run", "setting_set", "-p", "key=game_system_enabled", "-p", "value=false",
                    "-p", f"changed_by={HOSTILE}")
    assert result.exit_code == 0, result.output
    assert db.execute("select updated_by from core.gamification_settings where key = 'game_system_enabled'"
                      ).fetchone() == (HOSTILE,)
    assert snapshot(db)["core.users"] == before_users
    lookup = gamedb("query", "run", "settings_list", "-p", f"category={HOSTILE}")
    assert lookup.exit_code == 0 and "(0 rows)" in lookup.stdout


def test_show_and_dry_run_print_the_sql_and_run_nothing(gamedb, db):
    shown = gamedb("query", "show", "pending_rewards", "-p", "game_types=a,b")
    assert shown.exit_code == 0
    assert shown.stdout.startswith("-- name: pending_rewards\n")
    assert "and s.game_type = any(%(game_types)s)" in shown.stdout
    before = snapshot(db)
    dry = gamedb("query", "run", "export_training_batch", "-p", "batch_id=b1", "--dry-run")
    assert dry.exit_code == 0
    assert "insert into chat.training_batches (id, sample_count)" in dry.stdout
    assert "-- %(batch_id)s = 'b1'" in dry.stdout
    assert snapshot(db) == before
    listing = gamedb("query", "list")
    assert "export_training_batch" in listing.stdout
    listed = {q["name"]: q for q in json.loads(gamedb("query", "list", "--format", "json").stdout)}
    assert listed["export_training_batch"]["schedule"] == "0 3 * * *"
    assert "[period=choice(week|day|month|all)] [max_rows=int >= 1 <= 1000000]" in listing.stdout
    assert listed["xp_leaderboard"]["parameters"] == [
        {"name": "period", "type": "choice(week|day|month|all)", "required": False, "default": "week",
         "minimum": None, "maximum": None, "choices": ["week", "day", "month", "all"]},
        {"name": "max_rows", "type": "int", "required": False, "default": "10",
         "minimum": 1, "maximum": 1000000, "choices": None}]


def test_every_sql_file_opens_with_a_header_read_one_way(tmp_path):
    """Migrations, queries and invariants share one header reader and refuse keys they do not know."""
    for migration in local_migrations():
        assert migration.phase in ("pre-deploy", "post-deploy")
        migration_header(migration.rollback_path)
    assert all_queries()
    for path in INVARIANTS_DIR.glob("*.sql"):
        assert invariant_description(path)
    typo = tmp_path / "0001_core_typo.sql"
    typo.write_text("-- transactionl: false\n--\n-- why\nselect 1;\n")
    with pytest.raises(UsageError, match="unknown header key 'transactionl'"):
        migration_header(typo)
    untold = tmp_path / "untold.sql"
    untold.write_text("-- a rule without its header\nselect 1\n")
    with pytest.raises(UsageError, match="needs a `-- description:` header"):
        invariant_description(untold)


def test_a_json_lines_query_returns_one_json_column(conn):
    """The runner passes a json-lines query's COPY output through as JSON lines: that holds only for one
    column of json (PostgreSQL escapes every control character in JSON text; any other type could carry
    a line break or the COPY delimiters)."""
    json_lines = [q for q in all_queries().values() if q.writes_json_lines]
    assert json_lines, "the training export is one"
    for query in json_lines:
        given = {name: "x" for name, param in query.params.items() if param.required}
        text, bound = query.render(query.values(given))
        with conn.transaction(force_rollback=True), conn.cursor() as cursor:
            cursor.execute(text, bound)
            assert [(d.name, d.type_code) for d in cursor.description] == [
                (cursor.description[0].name, 114)], f"{query.name}: one json column"
