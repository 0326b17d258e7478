-- transactional: false
--
-- A ledger row is corrected at most once: unique indexes on corrects_id,
-- built CONCURRENTLY on the live ledgers (they also serve the foreign keys).
-- See 0014 for what to do if a build fails.

create unique index concurrently xp_ledger_corrects_id_key on reward.xp_ledger (corrects_id);

create unique index concurrently reputation_ledger_corrects_id_key on reward.reputation_ledger (corrects_id);
