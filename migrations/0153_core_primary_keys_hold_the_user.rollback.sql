-- transactional: false
--
-- Undo 0153: the eighteen tables' primary keys go back to (id) alone, and
-- the application may name id again when it inserts (in the event log
-- too). As in 0153, each key's index is built CONCURRENTLY first, then
-- swapped in, one table per transaction. No data is lost.

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

do $$
declare
    t text;
begin
    foreach t in array array[
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
        'trust.trust_scores'
    ] loop
        update core.table_access set database_columns = array_remove(database_columns, 'id')
        where table_name = t;
        if to_regclass(format('%I.%I', split_part(t, '.', 1), 'idx_' || split_part(t, '.', 2) || '_id'))
            is not null then
            execute format(
                'alter table %s drop constraint %I, add constraint %2$I primary key using index %I',
                t, split_part(t, '.', 2) || '_pkey', 'idx_' || split_part(t, '.', 2) || '_id'
            );
        end if;
        commit;
    end loop;
end;
$$;
update core.table_access set database_columns = array_remove(database_columns, 'id')
where table_name = 'core.event_logs';
call core.apply_table_access();
