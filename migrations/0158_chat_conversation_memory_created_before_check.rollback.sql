-- Undo 0158: the CHECK goes (a catalog change) and the application may
-- name created_at again. No data is lost.

alter table chat.conversation_memory drop constraint if exists conversation_memory_created_before_partitioning;

update core.table_access set database_columns = array_remove(database_columns, 'created_at')
where table_name = 'chat.conversation_memory';
call core.apply_table_access();
