"""Seed 004: community baseline, trust and abuse tables, extensions, ledger backfills and rules, cron jobs."""

import json
import random
import threading

import psycopg
import pytest

from runner.migrate import Migrator, Settings
from tests.conftest import quiet
from tests.helpers import (add_user, assert_index, broken_invariants, column_names, definitions_of, ledger_award,
                           migration_before, migration_that, plan_at_scale, refused, rows, run, run_at_once, scalar)

# Every @@index of seed 004's new and extended models.
SEED_004_INDEXES = {
    "idx_trust_scores_score": "(score)",
    "trust_scores_user_id_key": "(user_id)",
    "idx_abuse_flags_user_id_status": "(user_id, status)",
    "idx_abuse_flags_flag_type_created_at": "(flag_type, created_at)",
    "idx_abuse_flags_status_severity": "(status, severity)",
    "idx_moderation_logs_target_user_id_created_at": "(target_user_id, created_at)",
    "idx_moderation_logs_admin_id": "(admin_id)",
    "idx_fact_check_logs_user_id_created_at": "(user_id, created_at)",
    "idx_fact_check_logs_safe_to_display": "(safe_to_display)",
    "idx_fact_check_logs_contradiction_count": "(contradiction_count)",
    "idx_event_logs_event_type_emitted_at": "(event_type, emitted_at)",
    "idx_event_logs_user_id_emitted_at": "(user_id, emitted_at)",
    "idx_event_logs_processed_at": "(processed_at)",
    "achievement_progress_user_id_achievement_id_key": "(user_id, achievement_id)",
    "idx_reputation_ledger_user_id_created_at": "(user_id, created_at)",
    "idx_reputation_ledger_event_type": "(event_type)",
    "content_embeddings_content_type_content_id_key": "(content_type, content_id)",
    "idx_content_embeddings_user_id": "(user_id)",
    "vote_graph_voter_id_target_user_id_key": "(voter_id, target_user_id)",
    "idx_vote_graph_reciprocity": "(reciprocity)",
    "idx_xp_ledger_user_id_created_at": "(user_id, created_at)",
    "idx_xp_ledger_event_type": "(event_type)",
    "idx_xp_ledger_concept_id": "(concept_id)",
    "idx_xp_ledger_flagged": "WHERE flagged",
    "idx_concepts_domain": "(domain)",
    "idx_concepts_difficulty": "(difficulty)",
}

SEED_004_COLUMNS = {
    "trust.trust_scores": ["user_id", "score", "mastery_reliability", "nli_track_record", "community_validation",
                           "account_age_trust", "interaction_entropy", "vote_pattern_score", "similarity_flags",
                           "abuse_flags", "ip_clustering_risk", "last_updated", "historical_low", "historical_high"],
    "trust.abuse_flags": ["user_id", "flag_type", "severity", "details", "auto_detected", "reviewed_by",
                          "reviewed_at", "status", "created_at"],
    "trust.moderation_logs": ["admin_id", "target_user_id", "action", "reason", "details", "created_at"],
    "trust.fact_check_logs": ["user_id", "generated_text", "context_used", "claims_checked", "entailment_count",
                              "contradiction_count", "neutral_count", "overall_confidence", "safe_to_display",
                              "checks", "action_taken", "created_at"],
    "core.event_logs": ["event_type", "user_id", "target_id", "metadata", "emitted_at", "processed_at"],
    "reward.reputation_ledger": ["user_id", "event_type", "change", "reason", "source_id", "voter_trust",
                                 "created_at"],
    "trust.content_embeddings": ["content_type", "content_id", "user_id", "embedding", "text", "created_at"],
    "community.vote_graph": ["voter_id", "target_user_id", "vote_count", "upvote_count", "downvote_count",
                             "reciprocity", "last_vote_at"],
    "core.users": ["trust_score_cache", "is_shadow_banned", "is_suspended", "suspended_until",
                   "leaderboard_opt_out", "total_xp", "total_reputation"],
    "learn.concepts": ["name", "description", "domain", "difficulty", "embedding", "synonyms", "keywords",
                       "is_active", "created_at", "updated_at"],
    "reward.achievement_progress": ["user_id", "achievement_id", "current", "target", "last_updated",
                                    "unique_users", "first_date", "last_date", "day_span", "validated_count"],
    "reward.xp_ledger": ["user_id", "event_type", "concept_id", "base_xp", "mastery_mult", "trust_mult",
                         "fact_check_mult", "time_decay", "final_xp", "reason", "metadata", "flagged", "created_at"],
}

BASELINE_TABLES = [
    "core.accounts", "core.verification_tokens", "community.doubts", "community.answers", "community.doubt_votes",
    "community.answer_votes", "reward.user_stats", "reward.levels", "reward.achievements",
    "reward.user_achievements", "reward.achievement_progress", "reward.badges", "reward.badge_grants",
    "reward.streaks", "reward.leaderboard_snapshots", "learn.concepts", "learn.concept_prerequisites",
    "learn.concept_attempts", "learn.mastery_records", "learn.rubric_evaluations", "community.communities",
    "community.community_members", "community.community_doubts",
]


@pytest.mark.parametrize("table", BASELINE_TABLES)
def test_already_implemented_tables_exist(schema_conn, table):
    assert scalar(schema_conn, "select to_regclass(%s)::text", [table]) == table


@pytest.mark.parametrize("table", sorted(SEED_004_COLUMNS))
def test_seed_004_columns(schema_conn, table):
    assert set(SEED_004_COLUMNS[table]) <= set(column_names(schema_conn, table))


@pytest.mark.parametrize("index", sorted(SEED_004_INDEXES))
def test_seed_004_indexes(schema_conn, index):
    assert_index(schema_conn, index, SEED_004_INDEXES[index])


def test_points_ledger_is_gone_and_xp_columns_are_required(schema_conn):
    assert scalar(schema_conn, "select to_regclass('reward.points_ledger')") is None
    required = {r[0] for r in schema_conn.execute(
        "select attname from pg_attribute where attrelid = 'reward.xp_ledger'::regclass and attnotnull").fetchall()}
    assert {"base_xp", "final_xp", "reason", "event_type"} <= required
    assert not {"points", "description"} & set(column_names(schema_conn, "reward.xp_ledger"))  # the contract step


# ---- rules ----------------------------------------------------------------------------



def test_final_xp_follows_the_one_formula(conn):
    user = add_user(conn, 501)
    insert = ("insert into reward.xp_ledger (user_id, event_type, base_xp, mastery_mult, trust_mult,"
              " time_decay, final_xp, reason) values (%s, 'ANSWER_ACCEPTED', 10, 1.5, 0.8, 0.9, %s, 'accepted')")
    conn.execute(insert, [user, 11])  # round(10 * 1.5 * 0.8 * 1.0 * 0.9) = round(10.8) = 11
    refused(conn, insert, [user, 12], match="xp_ledger_final_xp_check")
    refused(conn, "insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp)"
            " values (%s, 'X', 1, 1)", [user], match='null value in column "reason"')


@pytest.mark.parametrize(("statement", "match"), [
    ("insert into trust.abuse_flags (user_id, flag_type, severity, details) values (%(u)s, 'RUDE', 3, '{}')",
     "abuse_flags_flag_type_check"),
    ("insert into trust.abuse_flags (user_id, flag_type, severity, details) values (%(u)s, 'VOTE_TRADING', 11, '{}')",
     "abuse_flags_severity_check"),
    ("insert into trust.abuse_flags (user_id, flag_type, severity, details) values (%(u)s, 'VOTE_TRADING', 5, '[]')",
     "abuse_flags.details must be a JSON object"),
    ("insert into trust.abuse_flags (user_id, flag_type, severity, details, status)"
     " values (%(u)s, 'VOTE_TRADING', 5, '{}', 'CONFIRMED')", "abuse_flags_review_check"),
    ("insert into trust.moderation_logs (admin_id, target_user_id, action, reason) values (%(u)s, %(u)s, 'KICK', 'x')",
     "moderation_logs_action_check"),
    ("insert into trust.fact_check_logs (generated_text, context_used, claims_checked, entailment_count,"
     " contradiction_count, neutral_count, overall_confidence, safe_to_display, checks)"
     " values ('t', 'c', 3, 1, 1, 0, 0.5, true, '[]')", "fact_check_logs_counts_check"),
    ("insert into trust.trust_scores (user_id, score, historical_high) values (%(u)s, 1.5, 1.5)",
     "trust_scores_range_check"),
    ("insert into trust.content_embeddings (content_type, content_id, user_id, embedding, text)"
     " values ('answer', 1, %(u)s, array_fill(0.1::real, array[383]), 't')", "content_embeddings_embedding_check"),
    ("insert into community.vote_graph (voter_id, target_user_id, vote_count, upvote_count)"
     " values (%(u)s, %(u)s, 3, 1)", "vote_graph_counts_check"),
    ("insert into community.answer_votes (answer_id, voter_id, value) values (1, %(u)s, 2)",
     "answer_votes_value_check"),
    ("update core.users set suspended_until = now() where id = %(u)s", "users_trust_check"),
    ("insert into core.event_logs (event_type, metadata) values ('X', '\"text\"')",
     "event_logs.metadata must be a JSON object"),
])
def test_seed_004_closed_sets_and_ranges(conn, statement, match):
    refused(conn, statement, {"u": add_user(conn, 502)}, match)


def test_cosine_similarity_in_plain_sql(conn):
    def similarity(a, b):
        return scalar(conn, "select trust.cosine_similarity(%s::real[], %s::real[])", [a, b])

    assert similarity([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert similarity([1, 0], [0, 1]) == pytest.approx(0.0)
    assert similarity([1, 0], [-1, 0]) == pytest.approx(-1.0)
    assert similarity([0, 0], [1, 1]) is None


# ---- phase 3: the ledger backfill ---------------------------------------------------------

RENAME = migration_that(r"^alter table reward\.points_ledger rename to xp_ledger").id
PHASE_2_END = migration_before(migration_that(r"^alter table reward\.points_ledger rename to xp_ledger"))
LEDGER_BACKFILL = migration_that(r"^create procedure reward\.backfill_xp_ledger")
TOTALS_BACKFILL = migration_that(r"^create procedure reward\.backfill_user_totals")
CONTRACT = migration_that(r"^alter table reward\.xp_ledger\s+drop column")
BEFORE_CONTRACT = migration_before(CONTRACT)


def legacy_ledger(url: str, rows: int) -> tuple:
    """A database migrated up to phase 2 with `rows` legacy points rows; returns their totals."""
    Migrator(url, Settings(), quiet).migrate(up_to=PHASE_2_END)
    with psycopg.connect(url, autocommit=True) as conn:
        users = [add_user(conn, 600 + n) for n in range(50)]
        conn.execute(
            "insert into reward.points_ledger (user_id, points, description, created_at)"
            " select (%s::bigint[])[1 + g %% 50], (g %% 37) - 6,"
            " case when g %% 5 = 0 then null else 'answer ' || g end, now() - g * interval '1 minute'"
            " from generate_series(1, %s) as g", [users, rows])
        return conn.execute("select count(*), sum(points) from reward.points_ledger").fetchone()


def test_backfill_of_a_few_hundred_thousand_rows(empty_db_url):
    count, points = legacy_ledger(empty_db_url, 200_000)
    Migrator(empty_db_url, Settings(), quiet).migrate(up_to=BEFORE_CONTRACT)
    with psycopg.connect(empty_db_url) as conn:
        after = conn.execute(
            "select count(*), sum(base_xp), sum(final_xp), count(*) filter (where event_type = 'LEGACY_POINTS'),"
            " count(*) filter (where reason = coalesce(description, '')), sum(points)"
            " from reward.xp_ledger").fetchone()
    assert after == (count, points, points, count, count, points)
    Migrator(empty_db_url, Settings(), quiet).migrate()  # the contract step drops points and description
    with psycopg.connect(empty_db_url) as conn:
        assert conn.execute("select count(*), sum(final_xp) from reward.xp_ledger").fetchone() == (count, points)


def test_backfill_resumes_after_an_interruption(empty_db_url):
    count, points = legacy_ledger(empty_db_url, 40_000)
    Migrator(empty_db_url, Settings(), quiet).migrate(up_to=RENAME)
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        def call(max_batches):
            return scalar(conn, "call reward.backfill_xp_ledger(5000, %s, 0)", [max_batches])

        conn.execute(definitions_of(LEDGER_BACKFILL))
        assert call(3) == 15_000  # stopped after three batches, as a crash would
        assert scalar(conn, "select count(*) from reward.xp_ledger where base_xp is null") == count - 15_000
        assert call(None) == count - 15_000  # the next run picks up where it stopped
        assert call(None) == 0
        assert conn.execute("select sum(base_xp), sum(final_xp) from reward.xp_ledger").fetchone() == (points, points)
        conn.execute("drop procedure reward.backfill_xp_ledger(integer, integer, bigint)")
    Migrator(empty_db_url, Settings(), quiet).migrate()


def test_phase_3_rolls_back_to_the_points_ledger_with_its_data(empty_db_url):
    count, points = legacy_ledger(empty_db_url, 5_000)
    migrator = Migrator(empty_db_url, Settings(), quiet)
    migrator.migrate()
    migrator.rollback(count=None, to=PHASE_2_END, everything=False)
    with psycopg.connect(empty_db_url) as conn:
        assert conn.execute("select count(*), sum(points) from reward.points_ledger").fetchone() == (count, points)
        assert scalar(conn, "select to_regclass('reward.xp_ledger')") is None


# ---- the ledgers are the truth; phases 4 and 5 ------------------------------------------

def test_ledgers_are_append_only_and_corrected_by_compensating_rows(conn):
    user, other = add_user(conn, 701), add_user(conn, 702)
    row = ledger_award(conn, user, 30)[0]
    for statement in ("update reward.xp_ledger set final_xp = 0 where id = %s",
                      "delete from reward.xp_ledger where id = %s"):
        refused(conn, statement, [row], match="reward.xp_ledger is append-only")
    refused(conn, "truncate reward.xp_ledger", None, match="append-only")
    refused(conn, "insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, corrects_id)"
            " values (%s, 'REVERSAL', -20, -20, 'wrong amount', %s)", [user, row], match="must take back exactly 30")
    refused(conn, "insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, corrects_id)"
            " values (%s, 'REVERSAL', -30, -30, 'wrong user', %s)", [other, row], match="must take back exactly 30")
    ledger_award(conn, user, -30, "serial votes reversed", corrects=row)
    refused(conn, "insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, corrects_id)"
            " values (%s, 'REVERSAL', -30, -30, 'twice', %s)", [user, row], match="xp_ledger_corrects_id_key")
    assert scalar(conn, "select total_xp from core.users where id = %s", [user]) == 0
    rep = scalar(conn, "insert into reward.reputation_ledger (user_id, event_type, change, reason)"
                 " values (%s, 'ANSWER_UPVOTED', 10, 'upvote') returning id", [user])
    refused(conn, "update reward.reputation_ledger set change = 100 where id = %s", [rep], match="append-only")
    conn.execute("insert into reward.reputation_ledger (user_id, event_type, change, reason, corrects_id)"
                 " values (%s, 'VOTE_REVERSED', -10, 'serial vote', %s)", [user, rep])
    assert scalar(conn, "select total_reputation from core.users where id = %s", [user]) == 0


def test_totals_follow_the_ledgers_and_drift_is_found_and_repaired(gamedb, db):
    user = add_user(db, 711)
    for xp in (10, 25, -5):
        ledger_award(db, user, xp)
    db.execute("insert into reward.reputation_ledger (user_id, event_type, change, reason)"
               " values (%s, 'ANSWER_UPVOTED', 10, 'up'), (%s, 'ANSWER_DOWNVOTED', -2, 'down')", [user, user])
    assert db.execute("select total_xp, total_reputation from core.users where id = %s", [user]).fetchone() == (30, 8)
    assert gamedb("check").exit_code == 0
    db.execute("update core.users set total_xp = 999 where id = %s", [user])
    assert broken_invariants(gamedb) == {"users_ledger_totals"}
    repaired = gamedb("query", "run", "repair_user_ledger_totals", "--format", "csv")
    assert repaired.stdout.splitlines() == ["user_id,total_xp,total_reputation", f"{user},30,8"]
    assert gamedb("check").exit_code == 0


def test_every_user_has_a_trust_score_and_backfills_are_idempotent(conn):
    user = add_user(conn, 721)
    assert conn.execute("select score, historical_low, historical_high from trust.trust_scores where user_id = %s",
                        [user]).fetchone() == (0.5, 0.5, 0.5)


def test_phase_4_and_5_backfills_cover_users_and_rows_written_before(empty_db_url):
    legacy_ledger(empty_db_url, 2_000)  # 50 users, 2000 legacy rows, before phases 3 to 5
    Migrator(empty_db_url, Settings(), quiet).migrate()
    with psycopg.connect(empty_db_url) as conn:
        assert scalar(conn, "select count(*) from core.users u where not exists"
                      " (select 1 from trust.trust_scores t where t.user_id = u.id)") == 0
        assert conn.execute(
            "select count(*) from core.users u where total_xp <>"
            " (select coalesce(sum(final_xp), 0) from reward.xp_ledger x where x.user_id = u.id)").fetchone() == (0,)
        assert scalar(conn, "select sum(total_xp) from core.users") == scalar(
            conn, "select sum(final_xp) from reward.xp_ledger")


def test_the_totals_backfill_stays_exact_while_awards_are_written(empty_db_url):
    """Phase 5 runs on a live ledger: awards committed during it (each added by the trigger) are not lost."""
    legacy_ledger(empty_db_url, 20_000)
    migrator = Migrator(empty_db_url, Settings(), quiet)
    migrator.migrate(up_to=migration_before(TOTALS_BACKFILL))
    migrator.close()
    stop = threading.Event()

    def award_meanwhile():
        with psycopg.connect(empty_db_url, autocommit=True) as conn:
            users = [r[0] for r in conn.execute("select id from core.users order by id").fetchall()]
            while not stop.is_set():
                conn.execute("insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason)"
                             " values (%s, 'ANSWER_ACCEPTED', 7, 7, 'meanwhile')", [users[0]])

    awarder = threading.Thread(target=award_meanwhile)
    awarder.start()
    try:
        with psycopg.connect(empty_db_url, autocommit=True) as conn:
            conn.execute(definitions_of(TOTALS_BACKFILL))
            assert scalar(conn, "call reward.backfill_user_totals(5, 0)") == 50  # every legacy user
            assert scalar(conn, "call reward.backfill_user_totals(5, 0)") == 0  # nothing left to add
    finally:
        stop.set()
        awarder.join()
    with psycopg.connect(empty_db_url) as conn:
        assert scalar(conn, "select count(*) from reward.xp_ledger where reason = 'meanwhile'") > 0
        assert scalar(conn, "select count(*) from core.users as u where u.total_xp <>"
                      " (select coalesce(sum(x.final_xp), 0) from reward.xp_ledger as x where x.user_id = u.id)") == 0


# ---- cron jobs: vote graph, event log, leaderboards -----------------------------------





def test_vote_graph_refresh_measures_reciprocity(gamedb, db):
    ring_a, ring_b, honest, author = (add_user(db, n) for n in (801, 802, 803, 804))
    answers = {}
    doubt = scalar(db, "insert into community.doubts (author_id, title, body) values (%s, 'q', 'b') returning id",
                   [author])
    for user in (ring_a, ring_b, author):
        answers[user] = [scalar(db, "insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a')"
                                " returning id", [doubt, user]) for _ in range(3)]

    def vote(voter, target, value=1):
        for answer in answers[target]:
            db.execute("insert into community.answer_votes (answer_id, voter_id, value) values (%s, %s, %s)",
                       [answer, voter, value])

    vote(ring_a, ring_b)
    vote(ring_b, ring_a)
    vote(honest, author)
    vote(honest, ring_a, -1)
    assert refreshed(gamedb) == (True, 4, 4, 0)  # the first run recomputes everything
    graph = {(r[0], r[1]): r[2:] for r in db.execute(
        "select voter_id, target_user_id, vote_count, upvote_count, downvote_count, reciprocity::float"
        " from community.vote_graph").fetchall()}
    assert graph == {(ring_a, ring_b): (3, 3, 0, 1.0), (ring_b, ring_a): (3, 3, 0, 1.0),
                     (honest, author): (3, 3, 0, 0.0), (honest, ring_a): (3, 0, 3, 0.0)}
    assert refreshed(gamedb) == (False, 4, 0, 0)  # incremental: the voters' pairs, nothing changed
    db.execute("delete from community.answer_votes where voter_id = %s", [honest])
    assert refreshed(gamedb) == (False, 2, 0, 2)


def refreshed(gamedb, *params) -> tuple:
    (result,) = rows(run(gamedb, "refresh_vote_graph", *params))
    assert result["watermark_advanced"] is True
    return result["full_recompute"], result["pairs"], result["written"], result["removed"]


def vote_graph(db) -> list:
    return db.execute("select voter_id, target_user_id, vote_count, upvote_count, downvote_count, reciprocity,"
                      " last_vote_at from community.vote_graph order by 1, 2").fetchall()


def two_hours_pass(db):
    """Move every event two hours back: what the earlier runs took in falls behind their watermark's
    overlap (incremental_overlap_minutes, 60), as it would two hours later."""
    db.execute("update core.event_logs set emitted_at = emitted_at - interval '2 hours',"
               " processed_at = processed_at - interval '2 hours'")
    for table, column in (("trust.abuse_flags", "reviewed_at"), ("trust.fact_check_logs", "created_at"),
                          ("learn.mastery_records", "updated_at")):
        db.execute(f"update {table} set {column} = {column} - interval '2 hours'")


def test_the_incremental_vote_graph_equals_a_full_recompute_on_random_votes(gamedb, db):
    shuffle = random.Random(20261123)
    users = [add_user(db, 880 + n) for n in range(12)]
    doubt = scalar(db, "insert into community.doubts (author_id, title, body) values (%s, 't', 'b') returning id",
                   [users[0]])
    answers = [scalar(db, "insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a')"
                          " returning id", [doubt, shuffle.choice(users)]) for _ in range(25)]
    assert refreshed(gamedb)[0] is True

    burst = [scalar(db, "insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'b')"
                        " returning id", [doubt, users[2]]) for _ in range(3)]
    recomputed = []  # (pairs an incremental run recomputed, pairs in the graph)
    for round_ in range(6):
        two_hours_pass(db)
        for _ in range(8):
            voter, answer = shuffle.choice(users), shuffle.choice(answers)
            has = scalar(db, "select max(value) from community.answer_votes where voter_id = %s and answer_id = %s",
                         [voter, answer])
            action = shuffle.choice(["cast", "retract", "change"]) if has else "cast"
            if action == "cast":
                db.execute("select * from community.cast_vote(%s, 'answer', %s, %s)",
                           [voter, answer, shuffle.choice(["up", "down"])])
            elif action == "retract":
                db.execute("select * from community.retract_vote(%s, 'answer', %s)", [voter, answer])
            else:
                db.execute("select * from community.change_vote(%s, 'answer', %s, %s)",
                           [voter, answer, "down" if has > 0 else "up"])
        with db.transaction():  # one voter's votes on one author in one transaction share a created_at
            for answer in burst:
                db.execute("select * from community.cast_vote(%s, 'answer', %s, 'up')", [users[3 + round_], answer])
        full_recompute, pairs, _, _ = refreshed(gamedb)
        assert full_recompute is False
        assert scalar(db, "select coalesce(sum(vote_count), 0) from community.vote_graph") == scalar(
            db, "select count(*) from community.user_votes where voter_id <> target_user_id")
        incremental = vote_graph(db)
        recomputed.append((pairs, len(incremental)))
        assert refreshed(gamedb)[2:] == (0, 0)  # again: nothing new, nothing written
        assert refreshed(gamedb, "recompute_all=true")[::2] == (True, 0)  # the full path writes nothing more
        assert vote_graph(db) == incremental and incremental
    assert any(pairs < total for pairs, total in recomputed)  # it recomputed only what the votes touched


def abuse_flags(db) -> list:
    return db.execute(
        "select f.flag_type, f.user_id, f.detector_key, f.severity, f.details,"
        " array(select e.source_table || ':' || e.source_id from trust.abuse_flag_evidence as e"
        "       where e.flag_id = f.id order by 1)"
        " from trust.abuse_flags as f order by 1, 2, 3").fetchall()


def detected(gamedb, *params) -> int:
    """Flags detect_abuse wrote (new or updated)."""
    return sum(f["flags_new"] + f["flags_updated"] for f in rows(run(gamedb, "detect_abuse", *params)))


def test_incremental_abuse_detection_equals_a_full_run_on_random_votes(gamedb, db):
    shuffle = random.Random(2611)
    for key, value in (("abuse_vote_trading_min_votes", "2"), ("abuse_serial_votes_per_day", "3"),
                       ("abuse_low_entropy_min_votes", "4")):
        db.execute("update core.gamification_settings set value = %s where key = %s", [value, key])
    users = [add_user(db, 1300 + n) for n in range(10)]
    doubt = scalar(db, "insert into community.doubts (author_id, title, body) values (%s, 't', 'b') returning id",
                   [users[0]])
    answers = {user: [scalar(db, "insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a')"
                                 " returning id", [doubt, user]) for _ in range(6)] for user in users}
    embed = ("insert into trust.content_embeddings (content_type, content_id, user_id, embedding, text)"
             " values ('answer', %s, %s, %s::real[], 'text')")
    rows(run(gamedb, "refresh_vote_graph"))
    detected(gamedb)  # the first run: everyone
    for round_ in range(5):
        two_hours_pass(db)
        db.execute("update trust.content_embeddings set created_at = created_at - interval '2 hours'")
        pairs = [shuffle.sample(users[:5], 2) for _ in range(8)]  # dense enough to trade and to rush
        pairs += [shuffle.sample(users, 2)] * 3  # a burst: one voter, one author, one day
        for voter, author in pairs:
            db.execute("insert into community.answer_votes (answer_id, voter_id, value) values (%s, %s, 1)"
                       " on conflict do nothing", [shuffle.choice(answers[author]), voter])
        for n in range(2):  # a little new content, now and then a copy of something older
            base = [1.0, float(shuffle.randint(1, 3)), float(round_ % 2)]
            db.execute(embed, [round_ * 10 + n, shuffle.choice(users), base + [0.0] * 381])
        rows(run(gamedb, "refresh_vote_graph"))
        detected(gamedb)
        incremental = abuse_flags(db)
        assert detected(gamedb) == 0  # again: nothing new, nothing written
        assert detected(gamedb, "recompute_all=true") == 0  # the full path writes nothing more
        assert abuse_flags(db) == incremental
    assert {f[0] for f in incremental} >= {"VOTE_TRADING", "SERIAL_VOTING", "SIMILARITY_HIGH"}
    # What the incremental run reads is what changed: a threshold lowered changes nobody's votes, so only
    # a full run (recompute_all, or the day's first) applies it.
    two_hours_pass(db)
    db.execute("update core.gamification_settings set value = '1' where key = 'abuse_vote_trading_min_votes'")
    assert detected(gamedb) == 0
    assert detected(gamedb, "recompute_all=true") > 0


def awarded(gamedb, *params) -> list:
    return [(r["rule_key"], r["user_id"], r["change"]) for r in rows(run(gamedb, "run_award_rules", *params))]


def holders(db) -> list:
    return db.execute("select b.key, g.user_id from reward.badge_grants as g join reward.badges as b"
                      " on b.id = g.badge_id order by 1, 2").fetchall()


def rules_written_long_ago(db):
    with db.transaction():  # the award rules' trigger stamps every change with now(): step around it
        db.execute("alter table reward.award_rules disable trigger award_rules_check")
        db.execute("update reward.award_rules set updated_at = now() - interval '1 day'")
        db.execute("alter table reward.award_rules enable trigger award_rules_check")


def test_incremental_award_rules_equal_a_full_run_on_random_answers(gamedb, db):
    """The seed rules first_answer (answer.created) and helpful (answer.accepted), and a revocable one, for
    the users of their events since the watermark; trusted (no trigger) for everyone; the full path changes
    nothing more."""
    shuffle = random.Random(1134)
    users = [add_user(db, 1400 + n) for n in range(8)]
    doubts = [scalar(db, "insert into community.doubts (author_id, title, body) values (%s, 't', 'b') returning id",
                     [user]) for user in users[:4]]
    badge = scalar(db, "insert into reward.badges (key, name, description) values ('prolific', 'Prolific', '{}')"
                       " returning id")
    db.execute("insert into reward.award_rules (key, badge_id, query, revocable, triggered_by) values ('prolific', %s,"
               " 'select author_id as user_id from community.answers group by 1 having count(*) >= 2', true,"
               " '{answer.created}')", [badge])
    rules_written_long_ago(db)  # a rule changed since the watermark is evaluated for everyone
    assert awarded(gamedb) == []  # the first run: everyone, nobody qualifies yet
    for _ in range(4):
        two_hours_pass(db)
        for _ in range(5):
            db.execute("insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a')",
                       [shuffle.choice(doubts), shuffle.choice(users)])
        for answer in shuffle.sample([r[0] for r in db.execute(
                "select id from community.answers where not is_accepted").fetchall()], 2):
            db.execute("update community.answers set is_accepted = true where id = %s",
                       [answer])
        score = shuffle.choice([0.5, 0.8])
        db.execute("update trust.trust_scores set score = %s, historical_low = least(historical_low, %s),"
                   " historical_high = greatest(historical_high, %s) where user_id = %s",
                   [score, score, score, shuffle.choice(users)])
        awarded(gamedb)
        incremental = holders(db)
        assert awarded(gamedb) == []  # again: nothing new, nothing changed
        assert awarded(gamedb, "recompute_all=true") == []  # the full path changes nothing more
        assert holders(db) == incremental
    assert {key for key, _ in incremental} == {"first_answer", "helpful", "prolific", "trusted"}
    # An incremental run reads the users of a rule's events only: a rule whose trigger misses a change
    # (here: doubts for a rule about answers) is corrected by a full run, the day's first.
    badge = scalar(db, "insert into reward.badges (key, name, description) values ('writer', 'Writer', '{}')"
                       " returning id")
    db.execute("insert into reward.award_rules (key, badge_id, query, triggered_by) values ('writer', %s,"
               " 'select author_id as user_id from community.answers', '{doubt.created}')", [badge])
    assert len(awarded(gamedb, "rules=writer")) == len({u for _, u in incremental if _ == "first_answer"})
    two_hours_pass(db)
    rules_written_long_ago(db)
    newcomer = add_user(db, 1499)
    db.execute("insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a')",
               [doubts[0], newcomer])
    assert ("first_answer", newcomer, "grant") in awarded(gamedb)
    assert ("writer", newcomer, "grant") in awarded(gamedb, "recompute_all=true")


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


def test_leaderboard_hides_shadow_banned_and_opted_out_with_a_declared_tie_break(gamedb, db):
    users = [add_user(db, n) for n in (821, 822, 823, 824, 825)]
    for user, xp in zip(users, (50, 80, 50, 500, 900)):
        ledger_award(db, user, xp)
    ledger_award(db, users[0], 1000, when="now() - interval '400 days'")
    db.execute("update core.users set is_shadow_banned = true where id = %s", [users[3]])
    db.execute("update core.users set leaderboard_opt_out = true where id = %s", [users[4]])
    week = rows(run(gamedb, "xp_leaderboard", "period=week"))
    assert [(r["place"], r["user_id"], r["xp"]) for r in week] == [
        (1, users[1], 80), (2, users[0], 50), (3, users[2], 50)]
    overall = rows(run(gamedb, "xp_leaderboard", "period=all", "max_rows=1"))
    assert [(r["user_id"], r["xp"]) for r in overall] == [(users[0], 1050)]


def test_every_period_of_the_leaderboard_equals_the_ledger_s_sums(gamedb, db, login_as):
    """The rollup follows awards and corrections as the app writes them, period by period."""
    users = [add_user(db, n) for n in range(861, 866)]
    app = login_as("gamedb_app")
    for n, user in enumerate(users):
        app.execute("insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason)"
                    " values (%s, 'ANSWER_ACCEPTED', %s, %s, 'answer')", [user, 10 * (n + 1), 10 * (n + 1)])
    wrong = ledger_award(db, users[0], 300)[0]
    ledger_award(db, users[0], -300, "taken back", corrects=wrong)
    ledger_award(db, users[1], 7, when="date_trunc('month', now()) - interval '1 day'")  # last month
    for period in ("day", "week", "month", "all"):
        board = {r["user_id"]: r["xp"] for r in rows(run(gamedb, "xp_leaderboard", f"period={period}",
                                                          "max_rows=1000"))}
        since = "'-infinity'" if period == "all" else f"date_trunc('{period}', now())"
        expected = dict(db.execute(
            f"select user_id, sum(final_xp) from reward.xp_ledger where created_at >= {since}"
            " and user_id = any(%s) group by user_id having sum(final_xp) > 0", [users]).fetchall())
        assert {u: xp for u, xp in board.items() if u in users} == expected, period
    assert "xp_period_totals_true" not in broken_invariants(gamedb)
    refused(app, "update reward.xp_period_totals set xp = 1000000", match="permission denied")


@pytest.mark.parametrize("period, index", [("day", "idx_xp_period_totals_ranking"),
                                           ("month", "idx_xp_period_totals_ranking"),
                                           ("all", "idx_users_xp_ranking")])
def test_a_leaderboard_reads_a_ranking_index_not_the_ledger(conn, period, index):
    plan = plan_at_scale(conn, "xp_leaderboard", {"period": period})
    assert index in plan and "xp_ledger" not in plan, plan


def test_awards_written_before_the_rollup_existed_are_in_it(empty_db_url):
    rollup = migration_that(r"^create table (if not exists )?reward\.xp_period_totals ")
    migrator = Migrator(empty_db_url, Settings(), quiet)
    migrator.migrate(up_to=migration_before(rollup))
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        user = add_user(conn, 871)
        for xp, when in ((20, "now()"), (5, "now() - interval '40 days'")):
            ledger_award(conn, user, xp, when=when)
        migrator.migrate()
        assert conn.execute("select period, xp from reward.xp_period_totals where user_id = %s order by period",
                            [user]).fetchall() == [("day", 20), ("month", 20), ("week", 20)]
    migrator.close()


def test_leaderboard_snapshots_are_immutable_and_show_the_change(gamedb, db):
    first, second, banned = (add_user(db, n) for n in (831, 832, 833))
    last_week = "date_trunc('week', now()) - interval '3 days'"
    ledger_award(db, first, 40, when=last_week)
    ledger_award(db, second, 90, when=last_week)
    ledger_award(db, banned, 999, when=last_week)
    db.execute("update core.users set is_shadow_banned = true where id = %s", [banned])
    # The week before, `first` was ahead.
    db.execute("insert into reward.leaderboard_snapshots (period_type, period_start, user_id, rank, score)"
               " values ('week', (date_trunc('week', now()) - interval '2 weeks')::date, %s, 1, 70),"
               " ('week', (date_trunc('week', now()) - interval '2 weeks')::date, %s, 2, 20)", [first, second])
    written = rows(run(gamedb, "snapshot_leaderboard", "period=week"))
    assert [(r["rank"], r["user_id"], r["score"], r["previous_rank"], r["places_gained"]) for r in written] == [
        (1, second, 90, 2, 1), (2, first, 40, 1, -1)]
    assert rows(run(gamedb, "snapshot_leaderboard", "period=week")) == []
    with pytest.raises(psycopg.Error, match="append-only"):
        db.execute("update reward.leaderboard_snapshots set rank = 1 where user_id = %s", [first])


def trust_scores(db) -> list:
    return db.execute("select user_id, score, mastery_reliability, nli_track_record, community_validation,"
                      " account_age_trust, interaction_entropy, vote_pattern_score, similarity_flags, abuse_flags"
                      " from trust.trust_scores order by user_id").fetchall()


def recomputed_trust(gamedb, *params) -> tuple:
    (result,) = rows(run(gamedb, "recompute_trust_scores", *params))
    assert result["watermark_advanced"] is True
    return result["full_recompute"], result["users_touched"], result["scores_changed"]


def test_the_incremental_trust_scores_equal_a_full_recompute(gamedb, db):
    shuffle = random.Random(112326)
    users = [add_user(db, 890 + n) for n in range(10)]
    db.execute("update core.users set created_at = now() - interval '400 days' where id = any(%s)", [users[5:]])
    doubt = scalar(db, "insert into community.doubts (author_id, title, body) values (%s, 't', 'b') returning id",
                   [users[0]])
    answers = [scalar(db, "insert into community.answers (doubt_id, author_id, body) values (%s, %s, 'a')"
                          " returning id", [doubt, shuffle.choice(users)]) for _ in range(15)]
    concept = scalar(db, "insert into learn.concepts (name) values ('fractions') returning id")
    assert recomputed_trust(gamedb)[0] is True
    for round_ in range(4):
        two_hours_pass(db)
        for _ in range(6):
            db.execute("select * from community.cast_vote(%s, 'answer', %s, %s)",
                       [shuffle.choice(users), shuffle.choice(answers), shuffle.choice(["up", "down"])])
        flagged, checked, learner = (shuffle.choice(users) for _ in range(3))
        db.execute("insert into trust.abuse_flags (user_id, flag_type, severity, details, detector_key)"
                   " values (%s, 'LOW_ENTROPY', 2, '{}', %s)", [flagged, f"round{round_}"])
        db.execute("select trust.record_fact_check(%s, 'x', 'y', '[{\"label\": \"contradiction\"}]', 0.2, 'BLOCK')",
                   [checked])
        db.execute("insert into learn.mastery_records (user_id, concept_id, mastery) values (%s, %s, %s)"
                   " on conflict do nothing", [learner, concept, round(shuffle.random(), 4)])
        rows(run(gamedb, "refresh_vote_graph"))
        full, touched, _ = recomputed_trust(gamedb)
        assert full is False and 0 < touched < len(users) + 1
        incremental = trust_scores(db)
        assert recomputed_trust(gamedb)[2] == 0  # again: nothing new
        assert recomputed_trust(gamedb, "recompute_all=true")[::2] == (True, 0)  # the full path agrees
        assert trust_scores(db) == incremental
    # A day later: only accounts younger than 180 days age; the first run of the day recomputes them.
    two_hours_pass(db)
    db.execute("update core.users set created_at = created_at - interval '1 day' where id = any(%s)", [users])
    db.execute("update core.job_watermarks set last_full_at = last_full_at - interval '1 day'")
    young_before = dict(db.execute("select user_id, account_age_trust from trust.trust_scores"
                                   " where user_id = any(%s)", [users[:5]]).fetchall())
    full, touched, changed = recomputed_trust(gamedb)
    assert full is False and touched >= 5 and changed >= 5
    assert all(age > young_before[user] for user, age in db.execute(
        "select user_id, account_age_trust from trust.trust_scores where user_id = any(%s)", [users[:5]]))
    assert recomputed_trust(gamedb, "recompute_all=true")[2] == 0
