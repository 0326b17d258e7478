-- transactional: false
--
-- Undo 0097: drops the index, CONCURRENTLY. No data is lost.

drop index concurrently if exists reward.idx_xp_ledger_created_at;
