-- Undo 0143: the vote graph is recomputed from the votes of the users
-- touched again (the previous refresh_vote_graph query), and the
-- application writes it as before. Queued changes are dropped with their
-- table: the old query does not read them.

drop function community.refresh_vote_graph(boolean);
drop trigger doubts_queue_vote_graph_author_change on community.doubts;
drop trigger answers_queue_vote_graph_author_change on community.answers;
drop trigger doubt_votes_queue_vote_graph_change on community.doubt_votes;
drop trigger answer_votes_queue_vote_graph_change on community.answer_votes;
drop function community.queue_vote_graph_author_change();
drop function community.queue_vote_graph_change();

update core.table_access
set app_privileges = '{SELECT,INSERT,UPDATE,DELETE}', why = 'rebuilt by refresh_vote_graph'
where table_name = 'community.vote_graph';
delete from core.table_access
where table_name = 'community.vote_graph_changes';
drop table community.vote_graph_changes;
call core.apply_table_access();
