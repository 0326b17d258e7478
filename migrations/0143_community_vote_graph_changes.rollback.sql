-- Undo 0143: the vote graph is recomputed from the votes of the users
-- touched again (the previous refresh_vote_graph query). Queued changes
-- and the totals are dropped with their tables: the old query reads
-- neither.

drop function community.refresh_vote_graph(boolean);
drop function community.recount_vote_totals(bigint[]);
drop trigger doubts_queue_vote_graph_author_change on community.doubts;
drop trigger answers_queue_vote_graph_author_change on community.answers;
drop trigger doubt_votes_queue_vote_graph_change on community.doubt_votes;
drop trigger answer_votes_queue_vote_graph_change on community.answer_votes;
drop function community.queue_vote_graph_author_change();
drop function community.queue_vote_graph_change();

delete from core.table_access
where table_name in ('community.vote_graph_changes', 'community.user_vote_totals');
drop table community.user_vote_totals;
drop table community.vote_graph_changes;
call core.apply_table_access();
