-- transactional: false
--
-- Undo 0069: drops the backfill procedure. The filled values stay until
-- 0068's rollback drops their columns (points and description were never
-- changed, so nothing is lost).

drop procedure reward.backfill_xp_ledger(integer, integer, bigint);
