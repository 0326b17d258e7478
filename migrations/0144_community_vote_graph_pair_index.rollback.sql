-- transactional: false
--
-- Undo 0144: the index on target_user_id alone comes back before the pair
-- index goes, both CONCURRENTLY. No data is lost.

create index concurrently if not exists idx_vote_graph_target_user_id on community.vote_graph (target_user_id);
drop index concurrently if exists community.idx_vote_graph_target_user_id_voter_id;
