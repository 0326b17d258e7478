-- transactional: false
--
-- Undo 0073: drops the XP ledger indexes, CONCURRENTLY, newest first. No data is lost.

drop index concurrently if exists reward.idx_xp_ledger_flagged;
drop index concurrently if exists reward.idx_xp_ledger_concept_id;
drop index concurrently if exists reward.idx_xp_ledger_event_type;
