-- transactional: false
-- revises: d297bad299d5f9245363337c10233ea2a3795bbf98f6559d871362c9b6cfce44
--
-- Undo 0077: drops the totals backfill procedure. The totals stay.

-- If exists: a rollback interrupted after this statement runs the whole
-- file again (revised; same result).
drop procedure if exists reward.backfill_user_totals(integer, bigint);
