-- transactional: false
--
-- community.vote_graph, distributed by voter on Citus
-- (sql/distribution/citus.sql), gets a primary key that holds the voter,
-- (id, voter_id), as 0153 did for eighteen per-user tables, and loses the
-- foreign key from target_user_id to core.users.
--
-- Why: a distributed table's unique keys must hold its distribution
-- column, and a foreign key between two tables distributed by user must
-- pair their user columns; target_user_id names a second user, whose row
-- lives on another shard, so that key cannot. What it held is held without
-- it: the graph is written only by the database (refresh_vote_graph, from
-- the votes, whose answers and doubts name their authors; read-only for the
-- application since 0150), a user is forgotten and never deleted, and the
-- invariant vote_graph_names_users checks every edge in `gamedb check`.
-- The index on (target_user_id, voter_id) stays: it serves the reads by
-- target. Nothing points at the graph's id.
--
-- On a live database: the (id, voter_id) index is built CONCURRENTLY (an
-- interrupted build is rebuilt by `gamedb migrate`), then swapped in for
-- the key in a statement of its own (both columns are NOT NULL: no row is
-- read under the lock), and the foreign key is dropped in another. A rerun
-- after a crash builds the index again and swaps it in again: the same key.

create unique index concurrently idx_vote_graph_id_voter_id on community.vote_graph (id, voter_id);

-- Squawk warns of the dropped constraints: the key is added back, under
-- its name, in the same statement; the foreign key is the point of this
-- migration, its rule held as said above.
-- squawk-ignore-file ban-drop-constraint
alter table community.vote_graph drop constraint vote_graph_pkey,
add constraint vote_graph_pkey primary key using index idx_vote_graph_id_voter_id;
alter table community.vote_graph drop constraint if exists vote_graph_target_user_id_fkey;
