-- description: every edge of the vote graph joins a voter and a target who exist
-- No foreign key holds the target (on Citus an edge lives on its voter's
-- shard, the target's row on the target's); the graph is written
-- from the votes by the database alone, and this checks every edge.
select
    g.voter_id,
    g.target_user_id
from community.vote_graph as g
where
    not exists (
        select from core.users as u
        where u.id = g.target_user_id
    )
order by g.voter_id, g.target_user_id
