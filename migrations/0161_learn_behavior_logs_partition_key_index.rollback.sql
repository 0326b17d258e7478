-- transactional: false
--
-- Undo 0161: drops the index, CONCURRENTLY. No data is lost.

drop index concurrently if exists learn.idx_behavior_logs_id_user_id_created_at;
