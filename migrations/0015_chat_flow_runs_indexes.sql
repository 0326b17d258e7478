-- transactional: false
--
-- Index for the flow_runs foreign key of 0010 (every foreign key has an
-- index: deleting or renaming a flow must not scan every run). Built
-- CONCURRENTLY on the live table; see 0014 for what to do if it fails.

create index concurrently idx_flow_runs_flow_id on chat.flow_runs (flow_id);
