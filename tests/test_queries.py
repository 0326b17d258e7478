"""Every named query on known data, run through the CLI as cron or the app would."""

import csv
import io
import json
import random

import psycopg
import pytest

from tests.helpers import (add_user, plan_at_scale, question_id, rows, run, run_at_once, scalar,
                           snapshot)








def play(gamedb, user, question, answer):
    """Start and finish one game through the queries; returns the completion row."""
    started = rows(run(gamedb, "start_game", f"user_id={user}", "game_type=intent_quest",
                       "session_id=chat-1", f"question_id={question}"))[0]
    return rows(run(gamedb, "complete_game", f"game_session_id={started['game_session_id']}",
                    f"answer={answer}", "completion_time_seconds=9"))[0]


def test_settings_list_and_filter(gamedb, db):
    everything = rows(run(gamedb, "settings_list"))
    assert len(everything) == scalar(db, "select count(*) from core.gamification_settings") >= 32
    nudges = rows(run(gamedb, "settings_list", "category=nudges"))
    assert [r["key"] for r in nudges] == ["max_nudges_per_week", "nudge_inactive_days", "nudge_inactive_message"]


def test_setting_set_keeps_history_and_refuses_bad_values(gamedb, db):
    changed = rows(run(gamedb, "setting_set", "key=max_games_per_day", "value=20", "changed_by=ops: Priya"))
    assert changed == [{"key": "max_games_per_day", "value": "20", "type": "number",
                        "updated_at": changed[0]["updated_at"], "updated_by": "ops: Priya"}]
    history = rows(run(gamedb, "setting_history", "key=max_games_per_day"))
    assert [(h["old_value"], h["new_value"], h["changed_by"]) for h in history] == [
        ("10", "20", "ops: Priya"), (None, "10", "migration 0002")]
    before = snapshot(db)
    bad = run(gamedb, "setting_set", "key=max_games_per_day", "value=lots", "changed_by=x")
    assert bad.exit_code == 3 and "gamification_settings_value_check" in bad.stderr
    unknown = run(gamedb, "setting_set", "key=max_games_per_year", "value=1", "changed_by=x")
    assert unknown.exit_code == 3 and "setting max_games_per_year is not defined" in unknown.stderr
    assert snapshot(db) == before


def test_start_game_within_the_hourly_limit_read_from_settings(gamedb, db):
    user = add_user(db, 11)
    run(gamedb, "setting_set", "key=max_games_per_hour", "value=2", "changed_by=test")
    for _ in range(2):
        assert run(gamedb, "start_game", f"user_id={user}", "game_type=intent_quest", "session_id=c").exit_code == 0
    before = snapshot(db)
    third = run(gamedb, "start_game", f"user_id={user}", "game_type=intent_quest", "session_id=c")
    assert third.exit_code == 3
    assert "2 games in the last hour reaches max_games_per_hour (2)" in third.stderr
    assert snapshot(db) == before


def test_start_game_daily_limit_cooldown_and_master_switch(gamedb, db):
    user = add_user(db, 12)
    # Ten games spread over the last day, none in the last hour.
    db.execute("insert into play.game_sessions (session_id, user_id, game_type, started_at)"
               " select 'old', %s, 'intent_quest', now() - g * interval '2 hours' from generate_series(1, 10) g",
               [user])
    refused = run(gamedb, "start_game", f"user_id={user}", "game_type=intent_quest", "session_id=c")
    assert refused.exit_code == 3 and "reaches max_games_per_day (10)" in refused.stderr

    other = add_user(db, 13)
    db.execute("insert into play.game_sessions (session_id, user_id, game_type, started_at)"
               " values ('old', %s, 'intent_quest', now() - interval '3 minutes')", [other])
    run(gamedb, "setting_set", "key=game_cooldown_minutes", "value=5", "changed_by=test")
    cooling = run(gamedb, "start_game", f"user_id={other}", "game_type=intent_quest", "session_id=c")
    assert cooling.exit_code == 3 and "cooling down until" in cooling.stderr
    run(gamedb, "setting_set", "key=game_cooldown_minutes", "value=2", "changed_by=test")
    assert run(gamedb, "start_game", f"user_id={other}", "game_type=intent_quest", "session_id=c").exit_code == 0

    run(gamedb, "setting_set", "key=game_system_enabled", "value=false", "changed_by=test")
    off = run(gamedb, "start_game", f"user_id={add_user(db, 14)}", "game_type=intent_quest", "session_id=c")
    assert off.exit_code == 3 and "games are switched off" in off.stderr


def test_next_question_honours_the_personalised_ratio(gamedb, db):
    chatty = add_user(db, 21)
    quiet_user = add_user(db, 22)
    db.execute("insert into chat.conversation_memory (user_id, role, content) values (%s, 'user', 'hi')", [chatty])
    personal = scalar(db, "insert into play.game_questions (game_type, question_text, correct_answer,"
                      " context_required) values ('intent_quest', 'Where is my dosa?', 'track_order', true)"
                      " returning id")
    run(gamedb, "setting_set", "key=personalized_question_ratio", "value=1", "changed_by=test")
    for _ in range(3):
        picked = rows(run(gamedb, "next_question", f"user_id={chatty}", "game_type=intent_quest"))
        assert picked[0]["question_id"] == personal and picked[0]["personalized"] is True
    # Without conversation history there is nothing to personalise.
    assert rows(run(gamedb, "next_question", f"user_id={quiet_user}", "game_type=intent_quest"))[0][
        "personalized"] is False
    run(gamedb, "setting_set", "key=personalized_question_ratio", "value=0", "changed_by=test")
    for _ in range(3):
        assert rows(run(gamedb, "next_question", f"user_id={chatty}", "game_type=intent_quest"))[0][
            "personalized"] is False


def test_next_question_prefers_questions_not_played_yet(gamedb, db):
    user = add_user(db, 23)
    run(gamedb, "setting_set", "key=personalized_question_ratio", "value=0", "changed_by=test")
    seen = set()
    for _ in range(3):
        question = rows(run(gamedb, "next_question", f"user_id={user}", "game_type=intent_quest"))[0]["question_id"]
        play(gamedb, user, question, "track_order")
        seen.add(question)
    assert len(seen) == 3


def test_complete_game_won_and_lost(gamedb, db):
    user = add_user(db, 31)
    question = question_id(db, "I want to track my order")
    won = play(gamedb, user, question, " Track_Order ")
    assert (won["status"], won["score"], won["reward_amount"], won["reward_status"]) == (
        "completed", 100, "15.00", "pending")
    sample = db.execute("select text, intent, confidence, source, review_status from chat.training_samples"
                        " where id = %s", [won["training_sample_id"]]).fetchone()
    assert sample == ("I want to track my order", "track_order", 1, "game", "pending")
    lost = play(gamedb, user, question, "cancel_order")
    assert (lost["score"], lost["training_sample_id"], lost["reward_amount"], lost["reward_status"]) == (
        0, None, "0.00", None)
    assert db.execute("select usage_count, success_count, success_rate from play.game_questions where id = %s",
                      [question]).fetchone() == (2, 1, 0.5)
    assert db.execute("select total_games_played, total_rewards_earned from core.users where id = %s",
                      [user]).fetchone() == (2, 0)
    again = run(gamedb, "complete_game", f"game_session_id={won['game_session_id']}", "answer=x")
    assert again.exit_code == 3 and "is already completed" in again.stderr


def test_a_question_reward_amount_overrides_the_setting(gamedb, db):
    user = add_user(db, 32)
    question = question_id(db, "Please cancel my last order")
    db.execute("update play.game_questions set reward_amount = 25.50 where id = %s", [question])
    assert play(gamedb, user, question, "cancel_order")["reward_amount"] == "25.50"


def test_language_and_tone_games_label_their_samples(gamedb, db):
    user = add_user(db, 33)
    for text, game_type, answer in (("Tumhi kase aahat?", "language_master", "mr"),
                                    ("This is the third time my delivery is late!", "tone_detective", "angry")):
        game = rows(run(gamedb, "start_game", f"user_id={user}", f"game_type={game_type}", "session_id=c",
                        f"question_id={question_id(db, text)}"))[0]["game_session_id"]
        run(gamedb, "complete_game", f"game_session_id={game}", f"answer={answer}")
    samples = db.execute("select intent, language, tone from chat.training_samples order by id").fetchall()
    assert samples == [("greeting", "mr", None), ("complaint", None, "angry")]


def test_pending_rewards_are_read_in_index_order_with_nothing_sorted(conn):
    """The oldest pending rewards are the first entries of an index on (completed_at, id): a page costs a
    page, however many rewards wait and however many share a completion time."""
    plan = plan_at_scale(conn, "pending_rewards")
    assert "idx_game_sessions_reward_pending_order" in plan and "Sort" not in plan, plan


def test_pending_rewards_and_recording_the_wallet_answer(gamedb, db):
    user = add_user(db, 41)
    first = play(gamedb, user, question_id(db, "I want to track my order"), "track_order")["game_session_id"]
    second = play(gamedb, user, question_id(db, "Please cancel my last order"), "cancel_order")["game_session_id"]
    play(gamedb, user, question_id(db, "Mujhe ek pizza order karna hai"), "wrong")
    pending = rows(run(gamedb, "pending_rewards"))
    assert [(p["game_session_id"], p["php_user_id"], p["amount"]) for p in pending] == [
        (first, 41, 15.0), (second, 41, 15.0)]
    assert rows(run(gamedb, "pending_rewards", "max_rows=1")) == pending[:1]
    assert rows(run(gamedb, "pending_rewards", "game_types=tone_detective,language_master")) == []

    credited = rows(run(gamedb, "record_reward_result", f"game_session_id={first}", "outcome=credited",
                        "transaction_id=WTX-100"))
    assert credited[0]["reward_status"] == "credited"
    # The wallet worker retries after a crash: same transaction, nothing changes.
    assert rows(run(gamedb, "record_reward_result", f"game_session_id={first}", "outcome=credited",
                    "transaction_id=WTX-100")) == credited
    before = snapshot(db)
    other_tx = run(gamedb, "record_reward_result", f"game_session_id={first}", "outcome=credited",
                   "transaction_id=WTX-101")
    assert other_tx.exit_code == 3 and "already credited by transaction WTX-100" in other_tx.stderr
    reused_tx = run(gamedb, "record_reward_result", f"game_session_id={second}", "outcome=credited",
                    "transaction_id=WTX-100")
    assert reused_tx.exit_code == 3 and "reward_transaction_id_key" in reused_tx.stderr
    no_tx = run(gamedb, "record_reward_result", f"game_session_id={second}", "outcome=credited")
    assert no_tx.exit_code == 3 and "needs the wallet transaction id" in no_tx.stderr
    assert snapshot(db) == before

    assert rows(run(gamedb, "record_reward_result", f"game_session_id={second}", "outcome=failed"))[0][
        "reward_status"] == "failed"
    assert [p["game_session_id"] for p in rows(run(gamedb, "pending_rewards"))] == []
    assert rows(run(gamedb, "record_reward_result", f"game_session_id={second}", "outcome=retry"))[0][
        "reward_status"] == "pending"
    assert scalar(db, "select total_rewards_earned from core.users where id = %s", [user]) == 15


def test_two_wallet_workers_crediting_at_once_credit_once(gamedb, db, db_url):
    user = add_user(db, 42)
    game = play(gamedb, user, question_id(db, "I want to track my order"), "track_order")["game_session_id"]
    credit = ["query", "run", "record_reward_result", "-p", f"game_session_id={game}", "-p", "outcome=credited",
              "-p", "transaction_id=WTX-5"]
    results = run_at_once(db_url, *[credit] * 4)
    assert [code for code, _, _ in results] == [0, 0, 0, 0], results
    assert scalar(db, "select total_rewards_earned from core.users where id = %s", [user]) == 15


@pytest.fixture
def chat_logs(db):
    user = add_user(db, 51)
    db.execute(
        "insert into chat.conversation_logs (user_id, session_id, user_message, nlu_intent, nlu_confidence,"
        " nlu_language) values"
        " (%(u)s, 's', 'where is my order', 'track_order', 0.99, 'en'),"
        " (%(u)s, 's', 'cancel pls', 'cancel_order', 0.92, 'en'),"
        " (%(u)s, 's', 'ok thanks', 'farewell', 0.86, 'en'),"
        " (%(u)s, 's', 'hmm', 'unknown', 0.40, 'en'),"
        " (%(u)s, 's', 'mera order', 'track_order', 0.85, 'hi'),"
        " (%(u)s, 's', 'no intent', null, 0.99, 'en')",
        {"u": user},
    )
    return user


def test_harvest_training_candidates_at_the_threshold_once(gamedb, db, chat_logs):
    harvested = rows(run(gamedb, "harvest_training_candidates"))
    assert harvested == [{"bucket": "high", "harvested": 1}, {"bucket": "low", "harvested": 2},
                         {"bucket": "medium", "harvested": 1}]
    assert rows(run(gamedb, "harvest_training_candidates")) == []
    samples = db.execute("select text, intent, confidence::float, source from chat.training_samples"
                         " order by conversation_log_id").fetchall()
    assert samples == [("where is my order", "track_order", 0.99, "conversation"),
                       ("cancel pls", "cancel_order", 0.92, "conversation"),
                       ("ok thanks", "farewell", 0.86, "conversation"),
                       ("mera order", "track_order", 0.85, "conversation")]
    run(gamedb, "setting_set", "key=min_confidence_auto_save", "value=0.3", "changed_by=test")
    assert rows(run(gamedb, "harvest_training_candidates")) == [{"bucket": "low", "harvested": 1}]


def test_harvest_in_bounded_batches(gamedb, chat_logs):
    assert sum(r["harvested"] for r in rows(run(gamedb, "harvest_training_candidates", "batch_size=3"))) == 3
    assert sum(r["harvested"] for r in rows(run(gamedb, "harvest_training_candidates", "batch_size=3"))) == 1


def approve_all(db):
    db.execute("update chat.training_samples set review_status = 'approved', approved = true,"
               " approved_by = 'reviewer', approved_at = now()")


def batches(db):
    return db.execute("select b.id, b.sample_count, array_agg(m.sample_id order by m.sample_id)"
                      " from chat.training_batches as b join chat.training_batch_samples as m on m.batch_id = b.id"
                      " group by b.id order by b.id").fetchall()


def test_export_training_batch_as_json_lines_and_records_the_batch(gamedb, db, chat_logs):
    run(gamedb, "harvest_training_candidates")
    approve_all(db)
    before = db.execute("select * from chat.training_samples order by id").fetchall()
    result = run(gamedb, "export_training_batch", "batch_id=b-1", "languages=en")
    exported = rows(result)
    assert [(e["text"], e["intent"]) for e in exported] == [
        ("where is my order", "track_order"), ("cancel pls", "cancel_order"), ("ok thanks", "farewell")]
    # The server wrote the lines: the sample's columns in order, its numeric's digits as stored.
    assert result.stdout.splitlines()[0].startswith('{"id":') and '"confidence":0.9900,' in result.stdout
    assert batches(db) == [("b-1", 3, [e["id"] for e in exported])]
    assert db.execute("select * from chat.training_samples order by id").fetchall() == before, \
        "exporting rewrites no sample"
    assert [e["text"] for e in rows(run(gamedb, "export_training_batch", "batch_id=b-2"))] == ["mera order"]
    assert rows(run(gamedb, "export_training_batch", "batch_id=b-3")) == []
    assert [b[0] for b in batches(db)] == ["b-1", "b-2"], "an empty batch is not recorded"
    db.execute("insert into chat.training_samples (text, intent, review_status, approved, approved_at)"
               " values ('new', 'greet', 'approved', true, now())")
    again = gamedb("query", "run", "export_training_batch", "-p", "batch_id=b-1", "--format", "jsonl")
    assert again.exit_code == 3 and "training_batches_pkey" in again.output, "a batch name is used once"
    assert batches(db)[0] == ("b-1", 3, [e["id"] for e in exported])


def watermark(db):
    found = db.execute("select watermark from core.job_watermarks where job = 'export_training_batch'").fetchone()
    return found and found[0]


def test_export_reads_what_was_approved_since_its_watermark_and_misses_nothing(gamedb, db):
    """Incremental and complete: late approvals of old samples, batches cut by max_rows or by language."""
    rng = random.Random(7)
    db.execute("insert into chat.training_samples (text, intent, language)"
               " select 'sample ' || g, 'greet', (array['en', 'hi'])[1 + g % 2] from generate_series(1, 400) g")
    ids = [r[0] for r in db.execute("select id from chat.training_samples order by id").fetchall()]
    rng.shuffle(ids)
    exported, watermark_moves = [], 0
    for n, chunk in enumerate([ids[i:i + 50] for i in range(0, len(ids), 50)]):
        db.execute("update chat.training_samples set review_status = 'approved', approved = true,"
                   " approved_by = 'reviewer', approved_at = now() where id = any(%s)", [chunk])
        params = [f"batch_id=b{n}", f"max_rows={rng.choice([20, 60, 1000])}"]
        if rng.random() < 0.3:
            params.append("languages=hi")
        before = watermark(db)
        lines = rows(run(gamedb, "export_training_batch", *params))
        exported += [line["id"] for line in lines]
        after = watermark(db)
        watermark_moves += after != before
        full = len(lines) == int(params[1].split("=")[1]) or len(params) == 3
        assert (after == before) == full, "the watermark moves only when the batch took its whole window"
    while lines := rows(run(gamedb, "export_training_batch", f"batch_id=rest{len(exported)}")):
        exported += [line["id"] for line in lines]
    assert sorted(exported) == sorted(ids), "every approved sample exported, exactly once"
    assert watermark_moves > 0
    assert rows(run(gamedb, "export_training_batch", "batch_id=nothing-new")) == []
    assert scalar(db, "select count(*) from chat.training_batches where id = 'nothing-new'") == 0
    # What an incremental run reads is the window: a sample stamped approved long before it (which the
    # database's clock never does) is not even looked at; the first run of a fresh watermark takes it.
    db.execute("insert into chat.training_samples (text, intent, review_status, approved, approved_at)"
               " values ('old', 'greet', 'approved', true, now() - interval '2 days')")
    assert rows(run(gamedb, "export_training_batch", "batch_id=window")) == []
    db.execute("delete from core.job_watermarks where job = 'export_training_batch'")
    assert [line["text"] for line in rows(run(gamedb, "export_training_batch", "batch_id=first"))] == ["old"]


def test_an_exported_sample_stays_approved_and_is_not_deleted(gamedb, db, app):
    db.execute("insert into chat.training_samples (text, intent, review_status, approved, approved_at)"
               " values ('hi', 'greet', 'approved', true, now()), ('bye', 'farewell', 'approved', true, now())")
    run(gamedb, "export_training_batch", "batch_id=b1", "max_rows=1")
    exported, kept = db.execute("select id from chat.training_samples order by id").fetchall()
    # The application may delete a sample (never un-approve one: the database writes approved); the owner
    # may do both. Neither, once the sample is exported.
    for conn, statement in ((app, "delete from chat.training_samples where id = %s"),
                            (db, "delete from chat.training_samples where id = %s"),
                            (db, "update chat.training_samples set approved = false, review_status = 'rejected'"
                                 " where id = %s")):
        with pytest.raises(psycopg.errors.CheckViolation, match="was exported in batch b1"):
            conn.execute(statement, exported)
    app.execute("delete from chat.training_samples where id = %s", kept)
    for table in ("chat.training_batches", "chat.training_batch_samples"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute(f"delete from {table}")
    assert batches(db) == [("b1", 1, [exported[0]])]


def test_two_exports_at_once_never_export_a_sample_twice(db, db_url):
    user = add_user(db, 52)
    db.execute("insert into chat.training_samples (user_id, text, intent, review_status, approved, approved_at)"
               " select %s, 'sample ' || g, 'greet', 'approved', true, now() from generate_series(1, 3000) g",
               [user])
    outputs = run_at_once(db_url, *[
        ["query", "run", "export_training_batch", "-p", f"batch_id=b{n}", "-p", "max_rows=2000", "--format", "jsonl"]
        for n in range(2)
    ])
    codes = sorted(code for code, _, _ in outputs)
    exported = [json.loads(line)["id"] for code, out, _ in outputs if code == 0 for line in out.splitlines()]
    assert len(exported) == len(set(exported))
    # Either both ran one after the other (3000 in all) or one was refused as busy.
    assert codes in ([0, 0], [0, 75])
    assert len(exported) == (3000 if codes == [0, 0] else 2000)
    assert scalar(db, "select count(*) from chat.training_batch_samples") == len(exported)


def test_game_stats_by_period_in_every_format(gamedb, db):
    user = add_user(db, 61)
    play(gamedb, user, question_id(db, "I want to track my order"), "track_order")
    db.execute("insert into play.game_sessions (session_id, user_id, game_type, started_at)"
               " values ('old', %s, 'tone_detective', now() - interval '400 days')", [user])
    everything = rows(run(gamedb, "game_stats"))
    assert [(s["game_type"], s["games"]) for s in everything] == [("intent_quest", 1), ("tone_detective", 1)]
    this_month = rows(run(gamedb, "game_stats", "period=month"))
    assert [(s["game_type"], s["completed"], s["avg_score"], s["rewards_pending"]) for s in this_month] == [
        ("intent_quest", 1, 100.0, 1)]
    as_csv = list(csv.DictReader(io.StringIO(run(gamedb, "game_stats", "period=month", fmt="csv").stdout)))
    assert as_csv == [{"game_type": "intent_quest", "games": "1", "completed": "1", "avg_score": "100.0",
                       "rewards_pending": "1", "rupees_credited": "0.00"}]
    as_json = json.loads(run(gamedb, "game_stats", "period=month", fmt="json").stdout)
    assert as_json == this_month
    table = run(gamedb, "game_stats", "period=month", fmt="table").stdout.splitlines()
    assert table[0].split(" | ")[0].strip() == "game_type" and table[-1] == "(1 row)"


def test_repair_user_game_totals_puts_back_the_truth(gamedb, db):
    user = add_user(db, 71)
    play(gamedb, user, question_id(db, "I want to track my order"), "track_order")
    healthy = add_user(db, 72)
    assert rows(run(gamedb, "repair_user_game_totals")) == []
    db.execute("update core.users set total_games_played = 40, total_rewards_earned = 999 where id = %s", [user])
    assert gamedb("check").exit_code == 1
    assert rows(run(gamedb, "repair_user_game_totals")) == [
        {"user_id": user, "total_games_played": 1, "total_rewards_earned": 0.0}]
    assert gamedb("check").exit_code == 0
    assert db.execute("select total_games_played from core.users where id = %s", [healthy]).fetchone() == (0,)
