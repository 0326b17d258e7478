-- Undo 0008: every object of the community module, by name, and its triggers
-- on other modules' tables.
-- It drops the module's tables with every row in them: back up first.

drop view community.user_votes;
drop function community.retract_vote(bigint, text, bigint);
drop function community.refresh_vote_graph(boolean);
drop function community.recount_vote_totals(bigint[]);
drop function community.change_vote(bigint, text, bigint, text);
drop function community.cast_vote(bigint, text, bigint, text);
drop function community.accept_answer(bigint, bigint);
drop table
community.vote_graph_changes,
community.vote_graph,
community.user_vote_totals,
community.doubt_votes,
community.community_members,
community.community_doubts,
community.communities,
community.answer_votes,
community.answers,
community.doubts;
drop function community.queue_vote_graph_change();
drop function community.queue_vote_graph_author_change();
