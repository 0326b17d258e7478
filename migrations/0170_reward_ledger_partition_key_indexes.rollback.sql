-- transactional: false
--
-- Undo 0170: drops the four indexes, CONCURRENTLY. No data is lost.

drop index concurrently if exists reward.idx_xp_ledger_id_user_id_created_at;
drop index concurrently if exists reward.idx_xp_ledger_corrects_id_user_id_corrects_created_at;
drop index concurrently if exists reward.idx_reputation_ledger_id_user_id_created_at;
drop index concurrently if exists reward.idx_reputation_ledger_corrects_id_user_id_corrects_created_at;
