-- transactional: false
--
-- The award job's three per-user results (the changes it recorded, the
-- badges and the achievements it granted) get primary keys that hold the
-- user, (id, user_id), as 0153 did for eighteen other per-user tables and
-- for the same reason: Citus distributes a table by user only if each of
-- its unique keys holds the user (sql/distribution/citus.sql). No foreign
-- key points at their id. Ids stay unique: the identity hands them out and
-- the application may no longer name one when it inserts.
--
-- On a live database, as in 0153: each index built CONCURRENTLY (the award
-- job and the application go on writing; an interrupted build is rebuilt
-- by `gamedb migrate`), then each key swapped in a statement of its own, a
-- catalog change under a lock held for milliseconds. A rerun after a crash
-- builds again the indexes that had become keys and swaps them in again.

create unique index concurrently idx_award_changes_id_user_id on reward.award_changes (id, user_id);
create unique index concurrently idx_badge_grants_id_user_id on reward.badge_grants (id, user_id);
create unique index concurrently idx_user_achievements_id_user_id on reward.user_achievements (id, user_id);

update core.table_access set database_columns = array_append(database_columns, 'id')
where
    table_name in (
        'reward.award_changes',
        'reward.badge_grants',
        'reward.user_achievements'
    )
    and not 'id' = any(database_columns);
call core.apply_table_access();

-- The swaps. Squawk warns of the dropped keys: each is added back, under
-- its name, in the same statement.
-- squawk-ignore-file ban-drop-constraint
alter table reward.award_changes drop constraint award_changes_pkey,
add constraint award_changes_pkey primary key using index idx_award_changes_id_user_id;
alter table reward.badge_grants drop constraint badge_grants_pkey,
add constraint badge_grants_pkey primary key using index idx_badge_grants_id_user_id;
alter table reward.user_achievements drop constraint user_achievements_pkey,
add constraint user_achievements_pkey primary key using index idx_user_achievements_id_user_id;
