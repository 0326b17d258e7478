-- transactional: false
--
-- Undo 0136: drops the index, CONCURRENTLY. No data is lost.

drop index concurrently if exists core.idx_event_logs_id_emitted_at;
