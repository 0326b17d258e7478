-- Undo 0068 (seed 004 phase 3 downgrade): xp_ledger is points_ledger again.
-- points and description were kept, so no points are lost; the breakdown
-- (multipliers, reasons, flags) written since is lost. Setting points NOT
-- NULL again fails if rows without points were written since: give them
-- points = final_xp first.

alter table reward.xp_ledger drop constraint xp_ledger_concept_id_fkey;
alter table reward.xp_ledger alter column points set not null;
alter table reward.xp_ledger
drop column flagged,
drop column metadata,
drop column reason,
drop column final_xp,
drop column time_decay,
drop column fact_check_mult,
drop column trust_mult,
drop column mastery_mult,
drop column base_xp,
drop column concept_id,
drop column event_type;
comment on column reward.xp_ledger.points is null;
comment on column reward.xp_ledger.description is 'Why the points were given.';
comment on table reward.xp_ledger is 'Points earned or lost, one row per event (seed 004 PointsLedger).';
alter index reward.idx_xp_ledger_user_id_created_at rename to idx_points_ledger_user_id_created_at;
alter table reward.xp_ledger rename constraint xp_ledger_user_id_fkey to points_ledger_user_id_fkey;
alter table reward.xp_ledger rename constraint xp_ledger_pkey to points_ledger_pkey;
alter sequence reward.xp_ledger_id_seq rename to points_ledger_id_seq;
alter table reward.xp_ledger rename to points_ledger;
