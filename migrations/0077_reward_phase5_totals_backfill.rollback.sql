-- transactional: false
--
-- Undo 0077: drops the totals backfill procedure. The totals stay.

drop procedure reward.backfill_user_totals(integer, bigint);
