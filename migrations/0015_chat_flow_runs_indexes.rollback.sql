-- transactional: false
--
-- Undo 0015: drops the flow_runs index, CONCURRENTLY. No data is lost.

drop index concurrently if exists chat.idx_flow_runs_flow_id;
