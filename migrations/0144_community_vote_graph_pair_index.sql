-- transactional: false
--
-- The vote graph's index on target_user_id becomes (target_user_id,
-- voter_id), so that finding one pair reads one index entry whichever
-- index the planner takes. refresh_vote_graph (0143) looks up each changed
-- pair and its reverse by both columns; with the graph written in target
-- order the planner prefers the target index (its rows lie together), and
-- read every pair of a popular author to find one: 305 entries per lookup
-- on average at 500,000 votes, 40 ms of a 190 ms refresh. The new index
-- still serves everything the old one did (votes received, by target;
-- the foreign key on target_user_id).
--
-- Built CONCURRENTLY before the old one is dropped CONCURRENTLY: votes go
-- on being counted throughout; an interrupted build is rebuilt by
-- `gamedb migrate`.

create index concurrently idx_vote_graph_target_user_id_voter_id on community.vote_graph (target_user_id, voter_id);
drop index concurrently if exists community.idx_vote_graph_target_user_id;
