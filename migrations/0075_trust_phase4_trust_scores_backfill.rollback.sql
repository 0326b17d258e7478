-- transactional: false
--
-- Undo 0075: drops the backfill procedure. The trust scores it created stay
-- (0060's rollback drops the table).

drop procedure trust.backfill_trust_scores(integer, bigint);
