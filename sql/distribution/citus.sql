-- gamedb on Citus: where each table goes. Run on the coordinator, once,
-- after `gamedb migrate`, with the citus extension created:
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f sql/distribution/citus.sql
--
-- Every table appears once, with the reason. The distribution column is
-- the user: per-user reads and writes (a game, an award, a lesson's
-- progress) go to one shard; leaderboards fan out and read the rollups.
-- The exceptions are lookup tables (a phone number, a PHP id, an embedded
-- content, a wallet transaction -> its user: core.user_phones,
-- core.user_php_ids, trust.embedded_contents, play.reward_transactions):
-- each is distributed by its own key, which must stay unique across users.
-- Calls come in dependency order: a table after the tables it points at.
--
-- Citus refuses a unique key or primary key of a distributed table without
-- its distribution column, a foreign key between distributed tables that
-- does not pair their distribution columns, and a foreign key from a
-- reference or coordinator table to a distributed one. A table whose keys
-- still break one of those rules is marked `-- pending:` with what: the
-- migrations that fix it (a key rebuilt CONCURRENTLY with the user column,
-- then swapped in for the old key)
-- remove its mark. tests/test_distribution.py checks the whole plan on the
-- catalogue, the marks included, so this file cannot drift from the schema.

-- Many rules of the schema are triggers (append-only logs, caps, totals,
-- a row naming a user who exists): Citus keeps a table's triggers on its
-- shards only when asked to. Each then runs on the node of the shard it
-- fires on, where the per-user tables co-located with it, the reference
-- tables and (metadata being synced to every node) the users are found.
select set_config('citus.enable_unsafe_triggers', 'on', false);

-- 1. Reference tables: small catalogues, a copy on every node, joined locally by every shard.

-- chat.flows: flow definitions the bot reads for every conversation
select create_reference_table('chat.flows');
-- community.communities: community catalogue
select create_reference_table('community.communities');
-- core.gamification_settings: settings, read by every function on every node
select create_reference_table('core.gamification_settings');
-- learn.concepts: concept catalogue
select create_reference_table('learn.concepts');
-- learn.concept_prerequisites: concept catalogue
select create_reference_table('learn.concept_prerequisites');
-- learn.courses: course catalogue
select create_reference_table('learn.courses');
-- learn.lessons: course catalogue
select create_reference_table('learn.lessons');
-- learn.course_assets: course catalogue
select create_reference_table('learn.course_assets');
-- play.game_questions: the question bank every game reads
select create_reference_table('play.game_questions');
-- quest.psychologists: the reviewers, few and read with every review
select create_reference_table('quest.psychologists');
-- A quest names the review that decided it and a review names its quest:
-- the quest's key is dropped while both become reference tables, then
-- added back (a key between reference tables is one Citus accepts).
alter table quest.quests drop constraint quests_psychologist_review_id_fkey;
-- quest.quests: the marketplace catalogue every child browses
select create_reference_table('quest.quests');
-- quest.psychologist_reviews: reviews of catalogue quests
select create_reference_table('quest.psychologist_reviews');
alter table quest.quests add constraint quests_psychologist_review_id_fkey
foreign key (psychologist_review_id) references quest.psychologist_reviews (id) on delete set null;
-- reward.achievements: achievement catalogue
select create_reference_table('reward.achievements');
-- reward.badges: badge catalogue
select create_reference_table('reward.badges');
-- reward.award_rules: award rule catalogue
select create_reference_table('reward.award_rules');
-- reward.award_rule_versions: award rule catalogue (its versions)
select create_reference_table('reward.award_rule_versions');
-- reward.award_runs: the award job's runs, a row each, named by the changes and grants they made on every node
select create_reference_table('reward.award_runs');
-- reward.challenges: challenge catalogue
select create_reference_table('reward.challenges');
-- reward.levels: level table
select create_reference_table('reward.levels');
-- trust.lsh_hyperplanes: fixed directions every signature reads
select create_reference_table('trust.lsh_hyperplanes');

-- 2. Distributed by user, co-located with core.users: a person's rows live on one node, so
-- per-user reads and writes go to one shard.

-- core.users: one row per person: every per-user table is co-located with its shard
select create_distributed_table('core.users', 'id');
-- core.user_phones: a phone number -> its user, distributed by the number: unique across users, a sign-in reads
-- one shard
select create_distributed_table('core.user_phones', 'phone', colocate_with => 'none');
-- core.user_php_ids: a PHP id -> its user, distributed by the id: unique across users, found on one shard
select create_distributed_table('core.user_php_ids', 'php_user_id', colocate_with => 'none');
-- chat.conversation_memory: grows with its users; read and written per user
select create_distributed_table('chat.conversation_memory', 'user_id', colocate_with => 'core.users');
-- community.community_members: grows with its users; read and written per user
select create_distributed_table('community.community_members', 'user_id', colocate_with => 'core.users');
-- community.user_vote_totals: one row per user, read with the user's trust score
select create_distributed_table('community.user_vote_totals', 'user_id', colocate_with => 'core.users');
-- community.vote_graph: grows with its users; read and written per user
select create_distributed_table('community.vote_graph', 'voter_id', colocate_with => 'core.users');
-- learn.ai_analyses: grows with its users; read and written per user
select create_distributed_table('learn.ai_analyses', 'user_id', colocate_with => 'core.users');
-- learn.behavior_logs: grows with its users; read and written per user
select create_distributed_table('learn.behavior_logs', 'user_id', colocate_with => 'core.users');
-- learn.concept_attempts: grows with its users; read and written per user
select create_distributed_table('learn.concept_attempts', 'user_id', colocate_with => 'core.users');
-- learn.enrollments: grows with its users; read and written per user
select create_distributed_table('learn.enrollments', 'user_id', colocate_with => 'core.users');
-- learn.certificates: grows with its users; read and written per user
select create_distributed_table('learn.certificates', 'user_id', colocate_with => 'core.users');
-- learn.lesson_progress: grows with its users; read and written per user
select create_distributed_table('learn.lesson_progress', 'user_id', colocate_with => 'core.users');
-- learn.mastery_records: grows with its users; read and written per user
select create_distributed_table('learn.mastery_records', 'user_id', colocate_with => 'core.users');
-- learn.quiz_attempts: grows with its users; read and written per user
select create_distributed_table('learn.quiz_attempts', 'user_id', colocate_with => 'core.users');
-- learn.rubric_evaluations: grows with its users; read and written per user
select create_distributed_table('learn.rubric_evaluations', 'user_id', colocate_with => 'core.users');
-- play.game_sessions: grows with its users; read and written per user
select create_distributed_table('play.game_sessions', 'user_id', colocate_with => 'core.users');
-- play.reward_transactions: a wallet transaction -> the game it credited, distributed by the transaction:
-- one game per transaction, held on one shard
select create_distributed_table('play.reward_transactions', 'transaction_id', colocate_with => 'none');
-- quest.child_privacy_settings: grows with its users; read and written per user
select create_distributed_table('quest.child_privacy_settings', 'user_id', colocate_with => 'core.users');
-- quest.quest_builder_sessions: grows with its users; read and written per user
select create_distributed_table('quest.quest_builder_sessions', 'user_id', colocate_with => 'core.users');
-- quest.quest_progress: grows with its users; read and written per user
select create_distributed_table('quest.quest_progress', 'user_id', colocate_with => 'core.users');
-- quest.quest_ratings: grows with its users; read and written per user
select create_distributed_table('quest.quest_ratings', 'user_id', colocate_with => 'core.users');
-- quest.user_quest_library: grows with its users; read and written per user
select create_distributed_table('quest.user_quest_library', 'user_id', colocate_with => 'core.users');
-- quest.user_tracks: grows with its users; read and written per user
select create_distributed_table('quest.user_tracks', 'user_id', colocate_with => 'core.users');
-- reward.achievement_progress: grows with its users; read and written per user
select create_distributed_table('reward.achievement_progress', 'user_id', colocate_with => 'core.users');
-- reward.award_changes: grows with its users; read and written per user
select create_distributed_table('reward.award_changes', 'user_id', colocate_with => 'core.users');
-- reward.badge_grants: grows with its users; read and written per user
select create_distributed_table('reward.badge_grants', 'user_id', colocate_with => 'core.users');
-- reward.challenge_participants: grows with its users; read and written per user
select create_distributed_table('reward.challenge_participants', 'user_id', colocate_with => 'core.users');
-- reward.daily_earnings: grows with its users; read and written per user
select create_distributed_table('reward.daily_earnings', 'user_id', colocate_with => 'core.users');
-- reward.leaderboard_snapshots: grows with its users; read and written per user
select create_distributed_table('reward.leaderboard_snapshots', 'user_id', colocate_with => 'core.users');
-- reward.nudge_history: grows with its users; read and written per user
select create_distributed_table('reward.nudge_history', 'user_id', colocate_with => 'core.users');
-- reward.reputation_ledger: grows with its users; read and written per user
select create_distributed_table('reward.reputation_ledger', 'user_id', colocate_with => 'core.users');
-- reward.streak_events: grows with its users; read and written per user
select create_distributed_table('reward.streak_events', 'user_id', colocate_with => 'core.users');
-- reward.streaks: grows with its users; read and written per user
select create_distributed_table('reward.streaks', 'user_id', colocate_with => 'core.users');
-- reward.user_achievements: grows with its users; read and written per user
select create_distributed_table('reward.user_achievements', 'user_id', colocate_with => 'core.users');
-- reward.user_stats: grows with its users; read and written per user
select create_distributed_table('reward.user_stats', 'user_id', colocate_with => 'core.users');
-- reward.xp_ledger: grows with its users; read and written per user
select create_distributed_table('reward.xp_ledger', 'user_id', colocate_with => 'core.users');
-- reward.xp_period_totals: grows with its users; read and written per user
select create_distributed_table('reward.xp_period_totals', 'user_id', colocate_with => 'core.users');
-- trust.abuse_flags: grows with its users; read and written per user
select create_distributed_table('trust.abuse_flags', 'user_id', colocate_with => 'core.users');
-- trust.abuse_flag_evidence: the rows a flag rests on, on its flag's shard
select create_distributed_table('trust.abuse_flag_evidence', 'user_id', colocate_with => 'core.users');
-- trust.content_embeddings: grows with its users; read and written per user
select create_distributed_table('trust.content_embeddings', 'user_id', colocate_with => 'core.users');
-- trust.embedded_contents: a content -> its embedding's user, distributed by the content: one embedding per
-- content, held on one shard
select create_distributed_table('trust.embedded_contents', 'content_id', colocate_with => 'none');
-- trust.trust_scores: grows with its users; read and written per user
select create_distributed_table('trust.trust_scores', 'user_id', colocate_with => 'core.users');

-- 3. Kept on the coordinator: bookkeeping, queues and what joins by something other than the user.

-- chat.conversation_logs: anonymous conversations have no user
select citus_add_local_table_to_metadata('chat.conversation_logs');
-- chat.flow_runs: running conversations found by phone number
select citus_add_local_table_to_metadata('chat.flow_runs');
-- chat.training_batch_samples: export bookkeeping
select citus_add_local_table_to_metadata('chat.training_batch_samples');
-- chat.training_batches: export bookkeeping
select citus_add_local_table_to_metadata('chat.training_batches');
-- chat.training_samples: samples of anonymous conversations have no user; exported ones lose theirs when forgotten
select citus_add_local_table_to_metadata('chat.training_samples');
-- community.answer_votes: votes join the answers they are on (decision pending)
select citus_add_local_table_to_metadata('community.answer_votes');
-- community.answers: the community's threads join by thread, not by user (decision pending)
select citus_add_local_table_to_metadata('community.answers');
-- community.community_doubts: the community's threads join by thread, not by user (decision pending)
select citus_add_local_table_to_metadata('community.community_doubts');
-- community.doubt_votes: votes join the doubts they are on (decision pending)
select citus_add_local_table_to_metadata('community.doubt_votes');
-- community.doubts: the community's threads join by thread, not by user (decision pending)
select citus_add_local_table_to_metadata('community.doubts');
-- community.vote_graph_changes: the vote graph's queue, emptied by the hourly refresh on the coordinator
select citus_add_local_table_to_metadata('community.vote_graph_changes');
-- core.event_logs: one queue processed in order by process_event_log; system events have no user
select citus_add_local_table_to_metadata('core.event_logs');
-- core.gamification_settings_history: audit of settings changes
select citus_add_local_table_to_metadata('core.gamification_settings_history');
-- core.job_runs: job history, written by the scheduler on the coordinator
select citus_add_local_table_to_metadata('core.job_runs');
-- core.job_watermarks: job progress, one row per job
select citus_add_local_table_to_metadata('core.job_watermarks');
-- core.partitioned_tables: the tables partitioned by month, read by maintain_partitions on the coordinator
select citus_add_local_table_to_metadata('core.partitioned_tables');
-- core.table_access: the privileges declaration, read by migrations
select citus_add_local_table_to_metadata('core.table_access');
-- core.accounts: sign-in accounts found by their provider's key, unique across users, not by user
select citus_add_local_table_to_metadata('core.accounts');
-- core.verification_tokens: sign-in tokens found by identifier, not by user
select citus_add_local_table_to_metadata('core.verification_tokens');
-- trust.fact_check_logs: fact checks of content without an author
select citus_add_local_table_to_metadata('trust.fact_check_logs');
-- trust.moderation_logs: moderators' actions, audited centrally
select citus_add_local_table_to_metadata('trust.moderation_logs');
