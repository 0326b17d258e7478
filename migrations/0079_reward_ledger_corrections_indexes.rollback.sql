-- transactional: false
--
-- Undo 0079: drops the unique indexes, CONCURRENTLY, newest first. No data is lost.

drop index concurrently if exists reward.reputation_ledger_corrects_id_key;
drop index concurrently if exists reward.xp_ledger_corrects_id_key;
