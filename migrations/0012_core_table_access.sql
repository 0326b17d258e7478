-- The access declaration: what gamedb_app and gamedb_readonly may do, table
-- by table, as rows of core.table_access (which privileges, which columns
-- only the database writes, which columns are personal), applied by
-- core.apply_table_access() and checked by core.table_access_drift and the
-- invariant privileges_match_declaration. Functions the application calls
-- are granted to it by name; every other function of the owner is not.
-- A table added later is declared here (or in the migration that adds it)
-- and granted by calling core.apply_table_access(table).

-- Every module's schema

grant usage on schema core, chat, play, quest, learn, reward, community, trust, report to gamedb_app, gamedb_readonly;

-- The declaration

insert into core.table_access
(table_name, app_privileges, app_update_columns, database_columns, personal_columns, why)
values
(
    'chat.conversation_logs',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id', 'created_at']::text[],
    array['phone_number', 'user_message', 'bot_response', 'conversation_context', 'nlu_entities']::text[],
    'chat history; apply_retention removes old rows'
),
(
    'chat.conversation_memory',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id', 'created_at']::text[],
    array['content']::text[],
    'the bot''s memory of a user'
),
(
    'chat.flow_runs',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array['phone_number', 'context']::text[],
    'running conversations'
),
(
    'chat.flows',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'flow definitions; a trigger keeps system-critical flows working: only the owner changes them'
),
(
    'chat.training_batch_samples',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'written only by the export, in the transaction that exports the batch'
),
(
    'chat.training_batches',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'written only by the export, in the transaction that exports the batch'
),
(
    'chat.training_samples',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['approved', 'approved_by', 'approved_at', 'review_status']::text[],
    array['text', 'context', 'entities']::text[],
    'NLU training data; reviewed only through chat.review_training_sample and approve_training_samples'
),
(
    'community.answer_votes',
    array['SELECT', 'INSERT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'a vote is kept: the reputation it gave names it'
),
(
    'community.answers',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['is_accepted']::text[],
    array['body']::text[],
    'answers to doubts; accepted only through community.accept_answer'
),
(
    'community.communities',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'communities'
),
(
    'community.community_doubts',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'doubts posted in a community'
),
(
    'community.community_members',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id']::text[],
    array[]::text[],
    'membership'
),
(
    'community.doubt_votes',
    array['SELECT', 'INSERT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'a vote is kept: the reputation it gave names it'
),
(
    'community.doubts',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array['title', 'body']::text[],
    'questions asked'
),
(
    'community.user_vote_totals',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'kept by refresh_vote_graph with the graph'
),
('community.user_votes', array['SELECT']::text[], null, array[]::text[], array[]::text[], 'view'),
(
    'community.vote_graph',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'kept by refresh_vote_graph from the votes; it feeds the trust scores'
),
(
    'community.vote_graph_changes',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'written by the votes'' triggers, emptied by refresh_vote_graph'
),
(
    'core.accounts',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array['provider_account_id', 'access_token', 'refresh_token']::text[],
    'sign-in accounts'
),
(
    'core.event_logs',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    array['processed_at']::text[],
    array['emitted_at', 'id']::text[],
    array['metadata']::text[],
    'append-only but for marking processed and retention (trigger event_logs_guard)'
),
(
    'core.gamification_settings',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'changed only through core.set_setting, within range'
),
(
    'core.gamification_settings_history',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'written only by the settings trigger'
),
('core.job_health', array['SELECT']::text[], null, array[]::text[], array[]::text[], 'view'),
(
    'core.job_runs',
    array['SELECT', 'INSERT', 'UPDATE']::text[],
    array['finished_at', 'outcome', 'rows_returned', 'runs', 'exit_code', 'error']::text[],
    array[]::text[],
    array[]::text[],
    'job history; a run may only record its end'
),
(
    'core.job_watermarks',
    array['SELECT', 'INSERT', 'UPDATE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'job progress, advanced by the jobs with their work'
),
(
    'core.partitioned_tables',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'written by migrations: the tables maintain_partitions keeps'
),
(
    'core.table_access',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'this declaration; changed only by migrations'
),
('core.table_access_drift', array['SELECT']::text[], null, array[]::text[], array[]::text[], 'view'),
(
    'core.user_phones',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array['phone']::text[],
    'kept from core.users by a trigger; read to find a user by phone'
),
(
    'core.user_php_ids',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'kept from core.users by a trigger; read to find a user by PHP id'
),
(
    'core.users',
    array['SELECT', 'INSERT', 'UPDATE']::text[],
    null,
    array[
        'total_games_played',
        'total_rewards_earned',
        'total_xp',
        'total_reputation',
        'forgotten_at',
        'is_suspended',
        'suspended_until',
        'is_shadow_banned',
        'id'
    ]::text[],
    array[
        'phone', 'email', 'first_name', 'last_name', 'parent_name', 'preferences', 'interests', 'learning_profile'
    ]::text[],
    'a person is forgotten (forget_user), never deleted; totals follow the ledgers and games'
),
(
    'core.verification_tokens',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array['identifier', 'token']::text[],
    'sign-in tokens'
),
(
    'learn.ai_analyses',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id']::text[],
    array['result']::text[],
    'AI analyses of a learner'
),
(
    'learn.behavior_logs',
    array['SELECT', 'INSERT']::text[],
    null,
    array['id', 'created_at']::text[],
    array['metadata']::text[],
    'append-only log'
),
(
    'learn.certificates',
    array['SELECT', 'INSERT']::text[],
    null,
    array[
        'learner_name',
        'grade',
        'status',
        'invalidated_at',
        'invalidated_by',
        'invalidation_reason',
        'id',
        'verification_code'
    ]::text[],
    array['learner_name']::text[],
    'issued by issue_certificates, invalidated only through learn.invalidate_certificate'
),
(
    'learn.concept_attempts',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id']::text[],
    array[]::text[],
    'learning data'
),
(
    'learn.concept_prerequisites',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'catalogue'
),
(
    'learn.concepts',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'catalogue'
),
(
    'learn.course_assets',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'catalogue'
),
(
    'learn.courses',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'catalogue'
),
(
    'learn.enrollments',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id']::text[],
    array[]::text[],
    'learning data'
),
(
    'learn.lesson_progress',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id']::text[],
    array[]::text[],
    'learning data'
),
(
    'learn.lessons',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'catalogue'
),
(
    'learn.mastery_records',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id']::text[],
    array[]::text[],
    'learning data'
),
(
    'learn.quiz_attempts',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id']::text[],
    array[]::text[],
    'learning data'
),
(
    'learn.rubric_evaluations',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id']::text[],
    array[]::text[],
    'learning data'
),
(
    'play.game_questions',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'catalogue'
),
(
    'play.game_sessions',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'played only through play.start_game, complete_game, claim_pending_rewards, record_reward_result'
),
(
    'play.reward_transactions',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'kept from play.game_sessions by a trigger; finds a credit''s game'
),
('play.user_game_totals', array['SELECT']::text[], null, array[]::text[], array[]::text[], 'view'),
(
    'quest.child_privacy_settings',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id']::text[],
    array['child_display_name']::text[],
    'a parent''s consent; a trigger stamps each change'
),
(
    'quest.psychologist_reviews',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'quest reviews'
),
(
    'quest.psychologists',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'the register of verified psychologists; written by the owner'
),
(
    'quest.quest_builder_sessions',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id']::text[],
    array['conversation_history', 'quest_context', 'current_graph']::text[],
    'a parent''s conversation about their child'
),
(
    'quest.quest_progress',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id']::text[],
    array[]::text[],
    'consent-gated progress'
),
(
    'quest.quest_ratings',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id']::text[],
    array['review_text']::text[],
    'ratings'
),
('quest.quest_summaries', array['SELECT']::text[], null, array[]::text[], array[]::text[], 'view'),
(
    'quest.quests',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'catalogue'
),
(
    'quest.user_quest_library',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id']::text[],
    array[]::text[],
    'a user''s quests'
),
(
    'quest.user_tracks',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id']::text[],
    array[]::text[],
    'recovery tracks'
),
(
    'report.conversation_logs',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'view, personal columns masked'
),
('report.flow_runs', array['SELECT']::text[], null, array[]::text[], array[]::text[], 'view, personal columns masked'),
('report.users', array['SELECT']::text[], null, array[]::text[], array[]::text[], 'view, personal columns masked'),
(
    'reward.achievement_progress',
    array['SELECT']::text[],
    null,
    array['id']::text[],
    array[]::text[],
    'written only by reward.record_achievement_progress, which keeps the anti-gaming fields'
),
(
    'reward.achievements',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'catalogue'
),
(
    'reward.award_changes',
    array['SELECT', 'INSERT']::text[],
    null,
    array['id', 'created_at']::text[],
    array[]::text[],
    'append-only log of award runs'
),
(
    'reward.award_rule_versions',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'written only by the award rules trigger'
),
(
    'reward.award_rules',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'rules are code: changed by migrations'
),
(
    'reward.award_runs',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'written by run_award_rules'
),
(
    'reward.badge_grants',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id']::text[],
    array[]::text[],
    'granted and revoked by award rules'
),
(
    'reward.badges',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'catalogue'
),
(
    'reward.challenge_participants',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id']::text[],
    array[]::text[],
    'challenge progress'
),
(
    'reward.challenges',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'catalogue'
),
(
    'reward.daily_earnings',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'cap bookkeeping, written only by the ledger triggers'
),
(
    'reward.leaderboard_snapshots',
    array['SELECT', 'INSERT']::text[],
    null,
    array['id']::text[],
    array[]::text[],
    'immutable snapshots'
),
(
    'reward.levels',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'catalogue'
),
(
    'reward.nudge_history',
    array['SELECT', 'INSERT', 'UPDATE']::text[],
    array['opened_at']::text[],
    array['id', 'sent_at', 'sent_on']::text[],
    array[]::text[],
    'append-only but for marking a nudge opened: the weekly cap counts it'
),
(
    'reward.reputation_ledger',
    array['SELECT', 'INSERT']::text[],
    null,
    array['id', 'created_at', 'corrects_created_at']::text[],
    array[]::text[],
    'append-only ledger; rows checked on entry'
),
(
    'reward.streak_events',
    array['SELECT', 'INSERT']::text[],
    null,
    array['id']::text[],
    array[]::text[],
    'append-only log'
),
(
    'reward.streaks',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'streaks'
),
(
    'reward.user_achievements',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['id']::text[],
    array[]::text[],
    'granted and revoked by award rules'
),
('reward.user_ledger_totals', array['SELECT']::text[], null, array[]::text[], array[]::text[], 'view'),
(
    'reward.user_stats',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'counters'
),
(
    'reward.xp_ledger',
    array['SELECT', 'INSERT']::text[],
    null,
    array['id', 'created_at', 'corrects_created_at']::text[],
    array[]::text[],
    'append-only ledger; rows checked on entry'
),
(
    'reward.xp_period_totals',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'rollup kept by the ledger trigger'
),
('trust.abuse_findings', array['SELECT']::text[], null, array[]::text[], array[]::text[], 'view'),
(
    'trust.abuse_flag_evidence',
    array['SELECT', 'INSERT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'evidence is kept with its flag'
),
(
    'trust.abuse_flags',
    array['SELECT', 'INSERT', 'UPDATE']::text[],
    null,
    array['id']::text[],
    array[]::text[],
    'a reviewed flag is permanent'
),
(
    'trust.content_embeddings',
    array['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[],
    null,
    array['lsh_buckets', 'id']::text[],
    array['text']::text[],
    'for near-duplicate detection'
),
(
    'trust.embedded_contents',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'kept from trust.content_embeddings by a trigger'
),
(
    'trust.fact_check_logs',
    array['SELECT', 'INSERT']::text[],
    null,
    array['id', 'created_at']::text[],
    array['generated_text', 'context_used']::text[],
    'append-only log'
),
('trust.interaction_entropy', array['SELECT']::text[], null, array[]::text[], array[]::text[], 'view'),
(
    'trust.lsh_hyperplanes',
    array['SELECT']::text[],
    null,
    array[]::text[],
    array[]::text[],
    'fixed once by the migration that draws them'
),
(
    'trust.moderation_logs',
    array['SELECT']::text[],
    null,
    array['id', 'created_at']::text[],
    array[]::text[],
    'written only by trust.moderate, with the change it made'
),
('trust.trust_components', array['SELECT']::text[], null, array[]::text[], array[]::text[], 'view'),
(
    'trust.trust_scores',
    array['SELECT', 'UPDATE']::text[],
    array['ip_clustering_risk']::text[],
    array['id']::text[],
    array[]::text[],
    'one per user, written by recompute_trust_scores; the application gives ip_clustering_risk'
);

-- Functions: EXECUTE

revoke all on function chat.approve_training_samples(text, text, text, numeric, integer) from public;
grant execute on function chat.approve_training_samples(text, text, text, numeric, integer) to gamedb_app;
revoke all on function chat.review_training_sample(bigint, text, text, text, jsonb) from public;
grant execute on function chat.review_training_sample(bigint, text, text, text, jsonb) to gamedb_app;
revoke all on function community.accept_answer(bigint, bigint) from public;
grant execute on function community.accept_answer(bigint, bigint) to gamedb_app;
revoke all on function community.cast_vote(bigint, text, bigint, text) from public;
grant execute on function community.cast_vote(bigint, text, bigint, text) to gamedb_app;
revoke all on function community.change_vote(bigint, text, bigint, text) from public;
grant execute on function community.change_vote(bigint, text, bigint, text) to gamedb_app;
revoke all on function community.refresh_vote_graph(boolean) from public;
grant execute on function community.refresh_vote_graph(boolean) to gamedb_app;
revoke all on function community.retract_vote(bigint, text, bigint) from public;
grant execute on function community.retract_vote(bigint, text, bigint) to gamedb_app;
revoke all on procedure core.apply_table_access() from public;
revoke all on procedure core.apply_table_access(regclass) from public;
revoke all on function core.forget_user(bigint) from public;
grant execute on function core.forget_user(bigint) to gamedb_app;
revoke all on function core.maintain_partitions(integer) from public;
grant execute on function core.maintain_partitions(integer) to gamedb_app;
revoke all on function core.rows_naming_no_user() from public;
revoke all on procedure core.run_job(text, text, interval, boolean, text) from public;
revoke all on function core.set_setting(text, text, text) from public;
grant execute on function core.set_setting(text, text, text) to gamedb_app;
revoke all on function core.user_checked_columns() from public;
revoke all on function learn.invalidate_certificate(text, bigint, text) from public;
grant execute on function learn.invalidate_certificate(text, bigint, text) to gamedb_app;
revoke all on function play.claim_pending_rewards(text, integer, interval) from public;
grant execute on function play.claim_pending_rewards(text, integer, interval) to gamedb_app;
revoke all on function play.complete_game(bigint, text, integer) from public;
grant execute on function play.complete_game(bigint, text, integer) to gamedb_app;
revoke all on function play.record_reward_result(bigint, text, text) from public;
grant execute on function play.record_reward_result(bigint, text, text) to gamedb_app;
revoke all on function play.start_game(bigint, text, text, bigint, text, text, bigint) from public;
grant execute on function play.start_game(bigint, text, text, bigint, text, text, bigint) to gamedb_app;
revoke all on function reward.record_achievement_progress(bigint, text, integer, bigint) from public;
grant execute on function reward.record_achievement_progress(bigint, text, integer, bigint) to gamedb_app;
revoke all on function trust.moderate(bigint, bigint, text, text, timestamp with time zone, jsonb) from public;
grant execute on function trust.moderate(bigint, bigint, text, text, timestamp with time zone, jsonb) to gamedb_app;
revoke all on function trust.recompute_trust_scores(bigint[]) from public;
grant execute on function trust.recompute_trust_scores(bigint[]) to gamedb_app;

-- Tables and views, each as its row above declares

call core.apply_table_access();

-- Tables the owner creates later get the same defaults (a later migration narrows them)

alter default privileges for role gamedb_owner in schema chat grant select,
insert,
update,
delete on tables to gamedb_app;
alter default privileges for role gamedb_owner in schema chat grant select on tables to gamedb_readonly;
alter default privileges for role gamedb_owner in schema community grant select,
insert,
update,
delete on tables to gamedb_app;
alter default privileges for role gamedb_owner in schema community grant select on tables to gamedb_readonly;
alter default privileges for role gamedb_owner in schema core grant select,
insert,
update,
delete on tables to gamedb_app;
alter default privileges for role gamedb_owner in schema core grant select on tables to gamedb_readonly;
alter default privileges for role gamedb_owner in schema learn grant select,
insert,
update,
delete on tables to gamedb_app;
alter default privileges for role gamedb_owner in schema learn grant select on tables to gamedb_readonly;
alter default privileges for role gamedb_owner in schema play grant select,
insert,
update,
delete on tables to gamedb_app;
alter default privileges for role gamedb_owner in schema play grant select on tables to gamedb_readonly;
alter default privileges for role gamedb_owner in schema quest grant select,
insert,
update,
delete on tables to gamedb_app;
alter default privileges for role gamedb_owner in schema quest grant select on tables to gamedb_readonly;
alter default privileges for role gamedb_owner in schema report grant select on tables to gamedb_readonly;
alter default privileges for role gamedb_owner in schema reward grant select,
insert,
update,
delete on tables to gamedb_app;
alter default privileges for role gamedb_owner in schema reward grant select on tables to gamedb_readonly;
alter default privileges for role gamedb_owner in schema trust grant select,
insert,
update,
delete on tables to gamedb_app;
alter default privileges for role gamedb_owner in schema trust grant select on tables to gamedb_readonly;
