-- transactional: false
--
-- Undo 0153: the eighteen tables' primary keys go back to (id) alone, and
-- the application may name id again when it inserts (in the event log
-- too). As in 0153, each key's index is built CONCURRENTLY first, then
-- swapped in, one table per statement. No data is lost.

create unique index concurrently idx_conversation_memory_id on chat.conversation_memory (id);
create unique index concurrently idx_community_members_id on community.community_members (id);
create unique index concurrently idx_ai_analyses_id on learn.ai_analyses (id);
create unique index concurrently idx_behavior_logs_id on learn.behavior_logs (id);
create unique index concurrently idx_concept_attempts_id on learn.concept_attempts (id);
create unique index concurrently idx_mastery_records_id on learn.mastery_records (id);
create unique index concurrently idx_child_privacy_settings_id on quest.child_privacy_settings (id);
create unique index concurrently idx_quest_builder_sessions_id on quest.quest_builder_sessions (id);
create unique index concurrently idx_quest_progress_id on quest.quest_progress (id);
create unique index concurrently idx_quest_ratings_id on quest.quest_ratings (id);
create unique index concurrently idx_user_quest_library_id on quest.user_quest_library (id);
create unique index concurrently idx_user_tracks_id on quest.user_tracks (id);
create unique index concurrently idx_achievement_progress_id on reward.achievement_progress (id);
create unique index concurrently idx_challenge_participants_id on reward.challenge_participants (id);
create unique index concurrently idx_leaderboard_snapshots_id on reward.leaderboard_snapshots (id);
create unique index concurrently idx_nudge_history_id on reward.nudge_history (id);
create unique index concurrently idx_streak_events_id on reward.streak_events (id);
create unique index concurrently idx_trust_scores_id on trust.trust_scores (id);

alter table chat.conversation_memory drop constraint conversation_memory_pkey,
add constraint conversation_memory_pkey primary key using index idx_conversation_memory_id;
alter table community.community_members drop constraint community_members_pkey,
add constraint community_members_pkey primary key using index idx_community_members_id;
alter table learn.ai_analyses drop constraint ai_analyses_pkey,
add constraint ai_analyses_pkey primary key using index idx_ai_analyses_id;
alter table learn.behavior_logs drop constraint behavior_logs_pkey,
add constraint behavior_logs_pkey primary key using index idx_behavior_logs_id;
alter table learn.concept_attempts drop constraint concept_attempts_pkey,
add constraint concept_attempts_pkey primary key using index idx_concept_attempts_id;
alter table learn.mastery_records drop constraint mastery_records_pkey,
add constraint mastery_records_pkey primary key using index idx_mastery_records_id;
alter table quest.child_privacy_settings drop constraint child_privacy_settings_pkey,
add constraint child_privacy_settings_pkey primary key using index idx_child_privacy_settings_id;
alter table quest.quest_builder_sessions drop constraint quest_builder_sessions_pkey,
add constraint quest_builder_sessions_pkey primary key using index idx_quest_builder_sessions_id;
alter table quest.quest_progress drop constraint quest_progress_pkey,
add constraint quest_progress_pkey primary key using index idx_quest_progress_id;
alter table quest.quest_ratings drop constraint quest_ratings_pkey,
add constraint quest_ratings_pkey primary key using index idx_quest_ratings_id;
alter table quest.user_quest_library drop constraint user_quest_library_pkey,
add constraint user_quest_library_pkey primary key using index idx_user_quest_library_id;
alter table quest.user_tracks drop constraint user_tracks_pkey,
add constraint user_tracks_pkey primary key using index idx_user_tracks_id;
alter table reward.achievement_progress drop constraint achievement_progress_pkey,
add constraint achievement_progress_pkey primary key using index idx_achievement_progress_id;
alter table reward.challenge_participants drop constraint challenge_participants_pkey,
add constraint challenge_participants_pkey primary key using index idx_challenge_participants_id;
alter table reward.leaderboard_snapshots drop constraint leaderboard_snapshots_pkey,
add constraint leaderboard_snapshots_pkey primary key using index idx_leaderboard_snapshots_id;
alter table reward.nudge_history drop constraint nudge_history_pkey,
add constraint nudge_history_pkey primary key using index idx_nudge_history_id;
alter table reward.streak_events drop constraint streak_events_pkey,
add constraint streak_events_pkey primary key using index idx_streak_events_id;
alter table trust.trust_scores drop constraint trust_scores_pkey,
add constraint trust_scores_pkey primary key using index idx_trust_scores_id;

update core.table_access set database_columns = array_remove(database_columns, 'id')
where
    table_name in (
        'chat.conversation_memory',
        'community.community_members',
        'learn.ai_analyses',
        'learn.behavior_logs',
        'learn.concept_attempts',
        'learn.mastery_records',
        'quest.child_privacy_settings',
        'quest.quest_builder_sessions',
        'quest.quest_progress',
        'quest.quest_ratings',
        'quest.user_quest_library',
        'quest.user_tracks',
        'reward.achievement_progress',
        'reward.challenge_participants',
        'reward.leaderboard_snapshots',
        'reward.nudge_history',
        'reward.streak_events',
        'trust.trust_scores',
        'core.event_logs'
    );
call core.apply_table_access();
