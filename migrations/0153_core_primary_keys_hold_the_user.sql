-- transactional: false
--
-- The primary key of eighteen per-user tables becomes (id, user_id), so
-- that each can be distributed by user on Citus (sql/distribution/
-- citus.sql): a distributed table's unique keys must hold its
-- distribution column. These are the per-user tables whose id no foreign
-- key points at. On one PostgreSQL, nothing changes for readers and
-- writers:
-- - lookups by id read the key's index as before (id comes first); the
--   per-user indexes stay;
-- - ids stay unique: the identity hands them out, and the application may
--   no longer name id when it inserts (core.table_access now lists it
--   among the columns only the database writes), so it cannot use
--   OVERRIDING SYSTEM VALUE to put one id in twice under two users. The
--   same now holds for the event log, whose key is (id, emitted_at).
--
-- On a live database: each (id, user_id) index is built CONCURRENTLY
-- (writes go on; an interrupted build is rebuilt by `gamedb migrate`),
-- then each table's key is swapped for its index in a transaction of its
-- own: a catalog change under a lock held for milliseconds, one table at a
-- time, so that no writer waits on one table while the next is locked.
-- Both columns are NOT NULL already, so the new key reads no row.

create unique index concurrently idx_conversation_memory_id_user_id on chat.conversation_memory (id, user_id);
create unique index concurrently idx_community_members_id_user_id on community.community_members (id, user_id);
create unique index concurrently idx_ai_analyses_id_user_id on learn.ai_analyses (id, user_id);
create unique index concurrently idx_behavior_logs_id_user_id on learn.behavior_logs (id, user_id);
create unique index concurrently idx_concept_attempts_id_user_id on learn.concept_attempts (id, user_id);
create unique index concurrently idx_mastery_records_id_user_id on learn.mastery_records (id, user_id);
create unique index concurrently idx_child_privacy_settings_id_user_id on quest.child_privacy_settings (id, user_id);
create unique index concurrently idx_quest_builder_sessions_id_user_id on quest.quest_builder_sessions (id, user_id);
create unique index concurrently idx_quest_progress_id_user_id on quest.quest_progress (id, user_id);
create unique index concurrently idx_quest_ratings_id_user_id on quest.quest_ratings (id, user_id);
create unique index concurrently idx_user_quest_library_id_user_id on quest.user_quest_library (id, user_id);
create unique index concurrently idx_user_tracks_id_user_id on quest.user_tracks (id, user_id);
create unique index concurrently idx_achievement_progress_id_user_id on reward.achievement_progress (id, user_id);
create unique index concurrently idx_challenge_participants_id_user_id on reward.challenge_participants (id, user_id);
create unique index concurrently idx_leaderboard_snapshots_id_user_id on reward.leaderboard_snapshots (id, user_id);
create unique index concurrently idx_nudge_history_id_user_id on reward.nudge_history (id, user_id);
create unique index concurrently idx_streak_events_id_user_id on reward.streak_events (id, user_id);
create unique index concurrently idx_trust_scores_id_user_id on trust.trust_scores (id, user_id);

-- The swap. A table whose new index is gone has its new key already (the
-- index became the key, under the key's name): a rerun after a crash
-- passes over it.
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
        update core.table_access set database_columns = array_append(database_columns, 'id')
        where table_name = t and not 'id' = any(database_columns);
        if to_regclass(format('%I.%I', split_part(t, '.', 1), 'idx_' || split_part(t, '.', 2) || '_id_user_id'))
            is not null then
            execute format(
                'alter table %s drop constraint %I, add constraint %2$I primary key using index %I',
                t, split_part(t, '.', 2) || '_pkey', 'idx_' || split_part(t, '.', 2) || '_id_user_id'
            );
        end if;
        commit;
    end loop;
end;
$$;
-- The event log's key is (id, emitted_at) since 0138, with the same need:
-- its ids are the identity's alone too.
update core.table_access set database_columns = array_append(database_columns, 'id')
where table_name = 'core.event_logs' and not 'id' = any(database_columns);
call core.apply_table_access();
