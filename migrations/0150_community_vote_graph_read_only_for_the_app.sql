-- phase: post-deploy
--
-- The application reads the vote graph; it no longer writes it. The graph
-- feeds the trust scores (votes received, how much came back, the entropy
-- of whom a user votes for), and gamedb_app could insert, update and
-- delete its rows because the previous release's refresh_vote_graph wrote
-- them as that role. Since 0143 the refresh is community.refresh_vote_graph,
-- which writes as the owner; once the code that calls it is deployed,
-- nothing the application runs writes the graph.
--
-- Privileges only.

update core.table_access
set app_privileges = '{SELECT}', why = 'kept by refresh_vote_graph from the votes; it feeds the trust scores'
where table_name = 'community.vote_graph';
call core.apply_table_access();
