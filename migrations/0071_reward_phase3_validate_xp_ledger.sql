-- Validate the XP ledger rules of 0070 and its concept foreign key (0068).
-- VALIDATE scans under a lock that lets reads and writes through; it fails,
-- naming the rule, if the backfill (0069) left a row behind: CALL
-- reward.backfill_xp_ledger() and migrate again.

alter table reward.xp_ledger validate constraint xp_ledger_concept_id_fkey;
alter table reward.xp_ledger validate constraint xp_ledger_breakdown_present_check;
alter table reward.xp_ledger validate constraint xp_ledger_final_xp_check;
