-- Undo 0197: the CHECK goes (a catalog change) and the application may name
-- a message's id and created_at again. No data is lost.

alter table chat.conversation_logs drop constraint if exists conversation_logs_created_before_partitioning;
update core.table_access
set database_columns = array_remove(array_remove(database_columns, 'id'), 'created_at')
where table_name = 'chat.conversation_logs';
call core.apply_table_access('chat.conversation_logs');
