"""Schema shape: every table, column, type, default and index the seeds name, and the
conventions every module follows."""

import subprocess

import pytest

from runner.localpg import find_bindir
from runner.migrate import local_migrations
from runner.schema import SCHEMA_SQL, dump_schema, module_schemas, schema_doc
from tests.helpers import add_user, assert_index, column_names, refused, scalar


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
    # One embedding per content: held by trust.embedded_contents, the lookup keyed by the content, not by a
    # unique key on the embeddings (on Citus they live on their users' shards).
    "embedded_contents_pkey": "(content_type, content_id)",
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


SEED_003_TABLES = {
    "reward.challenges": ["id", "title", "description", "target_amount", "start_date", "end_date",
                          "created_by_id", "created_at", "updated_at"],
    "reward.challenge_participants": ["id", "challenge_id", "user_id", "progress", "joined_at", "completed_at"],
    "learn.ai_analyses": ["id", "user_id", "analysis_type", "model_name", "result", "created_at"],
    "learn.enrollments": ["id", "user_id", "course_id", "status", "enrolled_at", "completed_at"],
    "learn.lesson_progress": ["id", "enrollment_id", "course_id", "lesson_id", "progress_percent",
                              "completed_at", "updated_at", "user_id"],
    "learn.quiz_attempts": ["id", "enrollment_id", "score", "attempted_at", "user_id"],
    "learn.certificates": ["id", "enrollment_id", "verification_code", "issued_at", "learner_name", "grade", "status",
                           "invalidated_at", "invalidated_by", "invalidation_reason", "user_id"],
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


SEED_002_COLUMNS = {
    "quest.quests": ["graph_structure", "psychological_module", "location", "age_range", "is_public", "rating",
                     "plays_count", "psychologist_reviewed", "reviewed_at", "reveal_count", "last_reveal_at",
                     "psychologist_review_id"],
    "core.users": ["mode", "parent_name", "learning_profile"],
    "quest.psychologist_reviews": ["emotional_safety_score", "therapeutic_correctness_score",
                                   "age_appropriateness_score", "reveal_timing_score", "strengths", "concerns",
                                   "recommendations", "is_approved", "reviewed_at"],
    "quest.quest_builder_sessions": ["user_id", "conversation_history", "current_stage", "current_graph",
                                     "quest_context", "created_at"],
    "quest.user_quest_library": ["user_id", "quest_id", "added_at"],
    "quest.quest_progress": ["user_id", "quest_id", "current_step", "completed", "session_count",
                             "total_time_minutes", "last_played_at"],
    "quest.quest_ratings": ["user_id", "quest_id", "rating", "review_text"],
    "quest.user_tracks": ["user_id", "track_type", "current_phase", "completion_percentage", "total_activities",
                          "completed_activities", "last_activity_at"],
}


# Seed 002's "Performance Considerations" list, as indexes and unique keys.
SEED_002_INDEXES = {
    "idx_quests_psychological_module": "(psychological_module)",
    "idx_quests_is_public": "WHERE is_public",
    "idx_psychologist_reviews_is_approved": "(is_approved)",
    "idx_psychologist_reviews_reviewed_at": "(reviewed_at)",
    "idx_quest_builder_sessions_user_id_created_at": "(user_id, created_at)",
    "user_quest_library_user_id_quest_id_key": "(user_id, quest_id)",
    "quest_progress_user_id_quest_id_key": "(user_id, quest_id)",
    "idx_quest_progress_last_played_at": "(last_played_at)",
    "quest_ratings_user_id_quest_id_key": "(user_id, quest_id)",
    "user_tracks_user_id_track_type_key": "(user_id, track_type)",
}


@pytest.mark.parametrize("table", sorted(SEED_002_COLUMNS))
def test_seed_002_columns(schema_conn, table):
    assert set(SEED_002_COLUMNS[table]) <= set(column_names(schema_conn, table))


@pytest.mark.parametrize("index", sorted(SEED_002_INDEXES))
def test_seed_002_performance_indexes(schema_conn, index):
    definition = assert_index(schema_conn, index, SEED_002_INDEXES[index])
    if index.endswith("_key"):
        assert definition.startswith("CREATE UNIQUE INDEX")


VARCHAR = "character varying"


TSTZ = "timestamp with time zone"


# table -> [(column, type, default)], as seeds 000/001 list them (and the
# columns later seeds add to the same tables); types follow
# DESIGN.md where it improves on the seed (bigint keys, timestamptz, money).
SEED_COLUMNS = {
    "core.users": [
        ("id", "bigint", None), ("php_user_id", "bigint", None), ("phone", f"{VARCHAR}(20)", None),
        ("email", f"{VARCHAR}(255)", None), ("first_name", f"{VARCHAR}(100)", None),
        ("last_name", f"{VARCHAR}(100)", None), ("preferred_language", f"{VARCHAR}(10)", "'en'"),
        ("preferences", "jsonb", None), ("interests", "jsonb", None),
        ("total_games_played", "integer", "0"), ("total_rewards_earned", "numeric(12,2)", "0"),
        ("loyalty_points", "integer", "0"), ("created_at", TSTZ, "now()"), ("updated_at", TSTZ, "now()"),
        ("last_active_at", TSTZ, None),
        # Added by seed 002's change (tests/test_quest.py has the rules).
        ("mode", "text", "'EDUCATIONAL'"), ("parent_name", "text", None), ("learning_profile", "jsonb", None),
        # Added by seed 004's phase 2 (tests/test_reward.py and tests/test_trust.py have the rules).
        ("trust_score_cache", "numeric(5,4)", "0.5"), ("is_shadow_banned", "boolean", "false"),
        ("is_suspended", "boolean", "false"), ("suspended_until", TSTZ, None),
        ("leaderboard_opt_out", "boolean", "false"), ("total_xp", "bigint", "0"), ("total_reputation", "bigint", "0"),
        # Added for forgetting a person (tests/test_production.py).
        ("forgotten_at", TSTZ, None),
    ],
    "chat.flows": [
        ("id", "text", None), ("name", "text", None), ("description", "text", None),
        ("module", "text", "'general'"), ("trigger", "text", None), ("version", "text", "'1.0.0'"),
        ("states", "jsonb", None), ("initial_state", "text", None), ("final_states", "jsonb", None),
        ("context_schema", "jsonb", None), ("metadata", "jsonb", None), ("enabled", "boolean", "true"),
        ("status", "text", "'active'"), ("created_at", TSTZ, "now()"), ("updated_at", TSTZ, "now()"),
        ("system_critical", "boolean", "false"),
    ],
    "chat.flow_runs": [
        ("id", "uuid", "gen_random_uuid()"), ("flow_id", "text", None), ("session_id", f"{VARCHAR}(100)", None),
        ("phone_number", f"{VARCHAR}(50)", None), ("current_state", "text", None),
        ("context", "jsonb", "'{}'"), ("status", "text", "'active'"), ("error", "text", None),
        ("started_at", TSTZ, "now()"), ("completed_at", TSTZ, None), ("updated_at", TSTZ, "now()"),
    ],
    "chat.conversation_memory": [
        ("id", "bigint", None), ("user_id", "bigint", None), ("role", f"{VARCHAR}(10)", None),
        ("content", "text", None), ("turn_number", "integer", None), ("session_id", f"{VARCHAR}(100)", None),
        ("created_at", TSTZ, "now()"),
    ],
    "play.game_sessions": [
        ("id", "bigint", None), ("session_id", f"{VARCHAR}(100)", None), ("user_id", "bigint", None),
        ("game_type", f"{VARCHAR}(50)", None), ("difficulty", f"{VARCHAR}(20)", "'medium'"),
        ("language", f"{VARCHAR}(10)", "'en'"), ("mission_id", f"{VARCHAR}(100)", None),
        ("mission_data", "jsonb", None), ("status", f"{VARCHAR}(20)", "'active'"), ("score", "integer", "0"),
        ("completion_time_seconds", "integer", None), ("rewards_earned", "jsonb", None),
        ("started_at", TSTZ, "now()"), ("completed_at", TSTZ, None), ("updated_at", TSTZ, "now()"),
        ("training_sample_id", "bigint", None), ("conversation_log_id", "bigint", None),
        ("reward_transaction_id", f"{VARCHAR}(100)", None), ("reward_status", f"{VARCHAR}(20)", "'pending'"),
        ("reward_claimed_by", "text", None), ("reward_claimed_until", TSTZ, None),
    ],
    "core.gamification_settings": [
        ("id", "bigint", None), ("key", f"{VARCHAR}(100)", None), ("value", "text", None),
        ("type", f"{VARCHAR}(20)", None), ("description", "text", None), ("category", f"{VARCHAR}(50)", None),
        ("updated_at", TSTZ, "now()"), ("updated_by", f"{VARCHAR}(100)", None),
        ("min_value", "numeric", None), ("max_value", "numeric", None),
    ],
    "play.game_questions": [
        ("id", "bigint", None), ("game_type", f"{VARCHAR}(50)", None), ("question_text", "text", None),
        ("question_context", "text", None), ("correct_answer", "text", None), ("answer_options", "jsonb", None),
        ("difficulty", f"{VARCHAR}(20)", "'medium'"), ("reward_amount", "numeric(12,2)", None),
        ("context_required", "boolean", "false"), ("tags", "text[]", None), ("created_at", TSTZ, "now()"),
        ("updated_at", TSTZ, "now()"), ("enabled", "boolean", "true"), ("usage_count", "integer", "0"),
        ("success_rate", "numeric(5,4)", None), ("success_count", "integer", "0"),
    ],
    "chat.training_samples": [
        ("id", "bigint", None), ("user_id", "bigint", None), ("session_id", f"{VARCHAR}(100)", None),
        ("game_session_id", f"{VARCHAR}(100)", None), ("text", "text", None), ("intent", f"{VARCHAR}(100)", None),
        ("entities", "jsonb", None), ("confidence", "numeric(5,4)", None), ("language", f"{VARCHAR}(10)", None),
        ("tone", f"{VARCHAR}(50)", None), ("context", "jsonb", None), ("source", f"{VARCHAR}(50)", "'game'"),
        ("nlu_provider", f"{VARCHAR}(50)", None), ("approved", "boolean", "false"),
        ("approved_by", f"{VARCHAR}(100)", None), ("approved_at", TSTZ, None),
        ("review_status", f"{VARCHAR}(20)", "'pending'"), ("review_priority", "integer", "0"),
        # The seed's used_in_training and training_batch_id: chat.training_batch_samples (a deviation).
        ("created_at", TSTZ, "now()"), ("conversation_log_id", "bigint", None),
    ],
    "chat.conversation_logs": [
        ("id", "bigint", None), ("user_id", "bigint", None), ("session_id", f"{VARCHAR}(100)", None),
        ("phone_number", f"{VARCHAR}(50)", None), ("channel", f"{VARCHAR}(50)", "'web'"),
        ("user_message", "text", None), ("bot_response", "text", None),
        ("message_type", f"{VARCHAR}(20)", "'text'"), ("nlu_intent", f"{VARCHAR}(100)", None),
        ("nlu_confidence", "numeric(5,4)", None), ("nlu_alternate_intents", "jsonb", None),
        ("nlu_entities", "jsonb", None), ("nlu_language", f"{VARCHAR}(10)", None),
        ("nlu_tone", f"{VARCHAR}(50)", None), ("nlu_provider", f"{VARCHAR}(50)", None),
        ("nlu_processing_time_ms", "integer", None), ("routed_to", f"{VARCHAR}(100)", None),
        ("routing_reason", "text", None), ("flow_id", f"{VARCHAR}(100)", None), ("agent_id", f"{VARCHAR}(100)", None),
        ("response_type", f"{VARCHAR}(50)", None), ("response_success", "boolean", "true"),
        ("response_time_ms", "integer", None), ("conversation_context", "jsonb", None),
        ("turn_number", "integer", None), ("is_training_candidate", "boolean", "false"),
        ("training_confidence_bucket", f"{VARCHAR}(20)", None), ("created_at", TSTZ, "now()"),
    ],
}


# Index names the seeds give, and the columns they cover.
SEED_INDEXES = {
    ("chat", "idx_conversation_memory_session"): "(session_id)",
    ("chat", "idx_conversation_memory_user_id"): "(user_id)",
    ("play", "idx_game_questions_type"): "(game_type)",
    ("play", "idx_game_questions_enabled"): "(enabled)",
    ("chat", "idx_training_samples_intent"): "(intent)",
    ("chat", "idx_training_samples_language"): "(language)",
    ("chat", "idx_training_samples_approved"): "(approved)",
    ("chat", "idx_training_samples_review_status"): "(review_status)",
    ("chat", "idx_training_samples_source"): "(source)",
    ("chat", "idx_conversation_logs_session"): "(session_id)",
    ("chat", "idx_conversation_logs_user"): "(user_id)",
    ("chat", "idx_conversation_logs_intent"): "(nlu_intent)",
    ("chat", "idx_conversation_logs_training"): "(is_training_candidate)",
    ("chat", "idx_conversation_logs_created"): "(created_at DESC)",
}


def columns_of(conn, table: str) -> list[tuple]:
    return conn.execute(
        """
        select a.attname, format_type(a.atttypid, a.atttypmod),
               regexp_replace(pg_get_expr(d.adbin, d.adrelid), '::[a-z ]+$', '')
        from pg_attribute a
        left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where a.attrelid = %s::regclass and a.attnum > 0 and not a.attisdropped
        order by a.attnum
        """,
        [table],
    ).fetchall()


@pytest.mark.parametrize("table", sorted(SEED_COLUMNS))
def test_seed_table_has_every_column_type_and_default(schema_conn, table):
    assert columns_of(schema_conn, table) == SEED_COLUMNS[table]


def test_identity_keys(schema_conn):
    identities = schema_conn.execute(
        "select attrelid::regclass::text from pg_attribute where attidentity = 'a' and attname = 'id'"
    ).fetchall()
    for table in SEED_COLUMNS:
        if table not in ("chat.flows", "chat.flow_runs"):
            assert (table,) in identities, f"{table}.id is not bigint generated always as identity"


@pytest.mark.parametrize(("schema", "index"), sorted(SEED_INDEXES))
def test_seed_index_exists_on_its_columns(schema_conn, schema, index):
    definition = assert_index(schema_conn, index, SEED_INDEXES[(schema, index)])
    assert f" {schema}." in definition


def test_every_foreign_key_has_an_index_on_all_its_columns(schema_conn):
    """An index whose leading columns are exactly the key's columns, in any order."""
    unindexed = schema_conn.execute(
        """
        select c.conrelid::regclass::text, c.conname
        from pg_constraint c
        where c.contype = 'f' and not exists (
            select 1 from pg_index i
            where i.indrelid = c.conrelid
                and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
                and cardinality(c.conkey) <= i.indnkeyatts
        )
        """
    ).fetchall()
    assert unindexed == []


def test_every_schema_is_a_module(schema_conn):
    others = schema_conn.execute(
        "select nspname from pg_namespace where nspowner <> 'gamedb_owner'::regrole"
        " and nspname not like 'pg\\_%' and nspname not in ('information_schema', 'public')").fetchall()
    assert others == []
    # Every module a migration's name gives (NNNN_<module>_...) is a schema of ours.
    named = {migration.id.split("_")[1] for migration in local_migrations()}
    assert named <= set(module_schemas(schema_conn))


def test_conventions_hold_in_every_module(schema_conn):
    modules = module_schemas(schema_conn)
    assert schema_conn.execute(
        "select table_schema, table_name, column_name from information_schema.columns"
        " where table_schema = any(%s) and data_type = 'timestamp without time zone'",
        [list(modules)],
    ).fetchall() == [], "every time is timestamptz"
    assert scalar(
        schema_conn, "select count(*) from pg_type t join pg_namespace n on n.oid = t.typnamespace"
        " where t.typtype = 'e' and n.nspname = any(%s)", [list(modules)]
    ) == 0, "closed sets are CHECKs, not enums"
    uncommented = schema_conn.execute(
        "select c.oid::regclass::text from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where n.nspname = any(%s) and c.relkind = 'r' and obj_description(c.oid, 'pg_class') is null",
        [list(modules)],
    ).fetchall()
    assert uncommented == [], "every table says what it is for"
    invalid = schema_conn.execute("select conname from pg_constraint where not convalidated").fetchall()
    assert invalid == [], "every constraint is validated once migrations finish"


def test_the_eleven_settings_with_the_seed_values(schema_conn):
    seed_000 = ["reward_intent_quest", "reward_language_master", "reward_tone_detective", "reward_entity_hunter",
                "reward_profile_builder", "max_games_per_day", "max_games_per_hour", "game_cooldown_minutes",
                "personalized_question_ratio", "game_system_enabled", "min_confidence_auto_save"]
    rows = dict(schema_conn.execute(
        "select key, value from core.gamification_settings where key = any(%s)", [seed_000]).fetchall())
    assert rows == {
        "reward_intent_quest": "15", "reward_language_master": "15", "reward_tone_detective": "15",
        "reward_entity_hunter": "10", "reward_profile_builder": "5",
        "max_games_per_day": "10", "max_games_per_hour": "5", "game_cooldown_minutes": "0",
        "personalized_question_ratio": "0.5", "game_system_enabled": "true",
        "min_confidence_auto_save": "0.85",
    }
    categories = dict(schema_conn.execute(
        "select category, count(*) from core.gamification_settings group by category"
    ).fetchall())
    # Seed 000's eleven, seed 003's three nudge settings, the caps, reputation per vote and per accepted
    # answer (and its XP), abuse thresholds and streak freezes of the community module, the overlap of
    # incremental jobs, and the two retention periods.
    assert categories == {"rewards": 5 + 3 + 2 + 1, "limits": 3 + 2 + 7 + 1, "gameplay": 2 + 2, "training": 1,
                          "nudges": 3, "retention": 2}


def test_the_seven_questions(schema_conn):
    per_type = dict(schema_conn.execute("select game_type, count(*) from play.game_questions group by 1").fetchall())
    assert per_type == {"intent_quest": 3, "language_master": 2, "tone_detective": 2}
    assert scalar(schema_conn, "select count(*) from play.game_questions where enabled and usage_count = 0") == 7


def test_the_three_critical_flows(schema_conn):
    critical = schema_conn.execute("select id, enabled from chat.flows where system_critical order by id").fetchall()
    assert critical == [("farewell_v1", True), ("greeting_v1", True), ("help_v1", True)]


def test_the_committed_schema_loads_into_an_empty_database_as_the_migrations_build_it(empty_db_url):
    """sql/schema.sql is what a DBA diffs and may load with `psql -1 -f`: it loads whole into an empty
    database, and that database dumps to the same text (so nothing in it depends on a partition, a
    role or a restore-sensitive spelling)."""
    loaded = subprocess.run([str(find_bindir() / "psql"), "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1",
                             "-d", empty_db_url, "-f", str(SCHEMA_SQL)], capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr
    assert dump_schema(empty_db_url) == SCHEMA_SQL.read_text()


def test_the_schema_document_does_not_change_with_the_calendar(conn):
    """docs/schema.md describes tables, not the months that exist: the months of another year, made
    by the partition upkeep, leave it as it was."""
    before = schema_doc(conn)
    made = conn.execute("select partition_name from core.maintain_partitions(24) where action = 'created'").fetchall()
    assert made, "the upkeep made no month of another year"
    assert schema_doc(conn) == before
