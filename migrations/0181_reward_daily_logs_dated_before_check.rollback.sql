-- Undo 0181: the CHECKs go (catalog changes) and the application may name
-- when a nudge was sent again. No data is lost.

alter table reward.nudge_history drop constraint if exists nudge_history_dated_before_partitioning;
alter table reward.streak_events drop constraint if exists streak_events_dated_before_partitioning;

update core.table_access set database_columns = array_remove(array_remove(database_columns, 'sent_at'), 'sent_on')
where table_name = 'reward.nudge_history';
call core.apply_table_access();
