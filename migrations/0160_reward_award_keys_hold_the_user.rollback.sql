-- transactional: false
--
-- Undo 0160: the three tables' primary keys go back to (id) alone, and the
-- application may name id again when it inserts. As in 0160, each key's
-- index is built CONCURRENTLY first, then swapped in, one table per
-- statement. No data is lost.

create unique index concurrently idx_award_changes_id on reward.award_changes (id);
create unique index concurrently idx_badge_grants_id on reward.badge_grants (id);
create unique index concurrently idx_user_achievements_id on reward.user_achievements (id);

alter table reward.award_changes drop constraint award_changes_pkey,
add constraint award_changes_pkey primary key using index idx_award_changes_id;
alter table reward.badge_grants drop constraint badge_grants_pkey,
add constraint badge_grants_pkey primary key using index idx_badge_grants_id;
alter table reward.user_achievements drop constraint user_achievements_pkey,
add constraint user_achievements_pkey primary key using index idx_user_achievements_id;

update core.table_access set database_columns = array_remove(database_columns, 'id')
where
    table_name in (
        'reward.award_changes',
        'reward.badge_grants',
        'reward.user_achievements'
    );
call core.apply_table_access();
