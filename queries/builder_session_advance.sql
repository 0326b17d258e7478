-- name: builder_session_advance
-- description: Move a builder session to a later stage, optionally with the graph generated so far
-- mode: write
-- param: session_id int >= 1 | the session
-- param: stage choice(collecting_info|clarifying|generating|reviewing|quest_ready) | the stage reached
-- param: graph json = null | the generated quest graph (nodes and edges)
--
-- A stage never moves back (the database refuses it, exit 3); a graph is
-- checked for its shape by the database.
update quest.quest_builder_sessions as s
set
    current_stage = '{{ stage }}',
    current_graph = coalesce({{ graph }}::jsonb, s.current_graph)
where s.id = {{ session_id }}::bigint
returning s.id as session_id, s.current_stage, s.current_graph is not null as has_graph
