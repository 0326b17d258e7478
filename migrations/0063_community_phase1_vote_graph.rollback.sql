-- Undo 0063 (seed 004 phase 1: VoteGraph). Loses the aggregated vote graph
-- (it can be rebuilt from the votes).

drop table community.vote_graph;
