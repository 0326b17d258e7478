-- Undo 0162: the CHECK goes (a catalog change) and the application may
-- name created_at again. No data is lost.

alter table learn.behavior_logs drop constraint if exists behavior_logs_created_before_partitioning;

update core.table_access set database_columns = array_remove(database_columns, 'created_at')
where table_name = 'learn.behavior_logs';
call core.apply_table_access();
