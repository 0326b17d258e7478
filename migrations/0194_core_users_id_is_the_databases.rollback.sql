-- Undo 0194: the application may name and change a user's id again.

update core.table_access set database_columns = array_remove(database_columns, 'id')
where table_name = 'core.users';
call core.apply_table_access('core.users');
