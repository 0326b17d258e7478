-- transactional: false
-- revises: 8bf60f9a962073d1ce2515d15da61a347204916658db15bb9fcf8f4b429be2cb
--
-- Undo 0075: drops the backfill procedure. The trust scores it created stay
-- (0060's rollback drops the table).

-- If exists: a rollback interrupted after this statement runs the whole
-- file again (revised; same result).
drop procedure if exists trust.backfill_trust_scores(integer, bigint);
