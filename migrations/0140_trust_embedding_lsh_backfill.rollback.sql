-- Undo 0140: the procedure goes; the buckets it filled stay (0139's
-- rollback drops the column).

drop procedure trust.backfill_lsh_buckets(integer, bigint);
