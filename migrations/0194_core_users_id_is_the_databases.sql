-- A user's id becomes the database's alone: the application may no longer
-- name it when it inserts a user, nor change it (`update core.users set
-- id = default` renumbered a user).
--
-- Why: since 0187 and 0191 several rules that name a user are held by
-- triggers and lookup tables rather than foreign keys (Citus refuses those
-- keys), and a foreign key was also what refused renumbering a user whom
-- other rows name. No writer has a reason to change an id; declaring it
-- the database's (core.table_access) takes the column out of the
-- application's INSERT and UPDATE privileges, so a renumbered user cannot
-- leave a row naming nobody. A catalogue change: the privileges of one
-- table granted again.

update core.table_access set database_columns = array_append(database_columns, 'id')
where table_name = 'core.users' and not 'id' = any(database_columns);
call core.apply_table_access('core.users');
