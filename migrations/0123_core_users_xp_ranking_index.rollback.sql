-- transactional: false
--
-- Undo 0123: drops the index, CONCURRENTLY. No data is lost.

drop index concurrently if exists core.idx_users_xp_ranking;
