-- transactional: false
-- revises: de8396f02376c009b5945e26c02370b3dbf9a5e3ba63fe55b7fc7ea5c3f3e682
--
-- Undo 0069: drops the backfill procedure. The filled values stay until
-- 0068's rollback drops their columns (points and description were never
-- changed, so nothing is lost).

-- If exists: a rollback interrupted after this statement runs the whole
-- file again (revised; same result).
drop procedure if exists reward.backfill_xp_ledger(integer, integer, bigint);
