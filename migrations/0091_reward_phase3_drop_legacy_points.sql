-- phase: post-deploy
-- revises: aade9aa8ccde98cf8b051c1dab88d7df13831d1c7eb49d48ea8b021efaebc34d
--
-- Seed 004, phase 3, last step (contract): the seed's
-- "ALTER TABLE xp_ledger DROP COLUMN points", and description with it.
--
-- 0068 kept both while writers moved to base_xp/final_xp and reason (expand,
-- then contract); points has been nullable since then and no named query
-- reads either. Their values live on in base_xp and reason (0069).
-- Dropping a column changes only the catalog (no rewrite); it takes a brief
-- exclusive lock, under the runner's lock_timeout and retries.
-- reward.backfill_xp_ledger() (0069) reads points; it has nothing left to
-- do (base_xp is NOT NULL since 0072) and returns at once if called.

-- squawk-ignore ban-drop-column
alter table reward.xp_ledger drop column points, drop column description;
