-- Undo 0150: the application may write the vote graph again (as the
-- previous release's refresh_vote_graph did).

update core.table_access
set app_privileges = '{SELECT,INSERT,UPDATE,DELETE}', why = 'rebuilt by refresh_vote_graph'
where table_name = 'community.vote_graph';
call core.apply_table_access();
