-- Undo 0091: points and description come back, refilled for the rows the
-- phase 3 backfill converted (event_type LEGACY_POINTS): points = base_xp,
-- description = reason ('' back to NULL). Rows written since 0068 had
-- neither and get NULL, as before.
--
-- The refill rewrites those rows in one transaction, with the append-only
-- guard off for it: run this rollback in a quiet period on a large ledger.

alter table reward.xp_ledger add column points integer, add column description text;
comment on column reward.xp_ledger.points is 'Legacy: the points of PointsLedger; base_xp and final_xp replace it.';
comment on column reward.xp_ledger.description is 'Legacy: PointsLedger''s description; reason replaces it.';

alter table reward.xp_ledger disable trigger xp_ledger_append_only;
update reward.xp_ledger
set points = base_xp, description = nullif(reason, '')
where event_type = 'LEGACY_POINTS';
alter table reward.xp_ledger enable trigger xp_ledger_append_only;
