-- transactional: false
--
-- Undo 0128: drops the index, CONCURRENTLY. No data is lost.

drop index concurrently if exists core.idx_users_last_active_at;
