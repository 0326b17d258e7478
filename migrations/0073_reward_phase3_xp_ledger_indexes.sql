-- transactional: false
--
-- Seed 004, phase 3, step 5: the indexes of the XPLedger model (eventType,
-- conceptId, flagged), built CONCURRENTLY on the live ledger and only now,
-- after the backfill, so the batch updates did not have to maintain them.
-- flagged is indexed where true only: the review queue is the few flagged
-- rows. See 0014 for what to do if a build fails.

create index concurrently idx_xp_ledger_event_type on reward.xp_ledger (event_type);

create index concurrently idx_xp_ledger_concept_id on reward.xp_ledger (concept_id);

create index concurrently idx_xp_ledger_flagged on reward.xp_ledger (created_at) where flagged;
