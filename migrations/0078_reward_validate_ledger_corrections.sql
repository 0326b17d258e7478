-- Validate the compensating-row foreign keys added NOT VALID by 0076.

alter table reward.xp_ledger validate constraint xp_ledger_corrects_id_fkey;
alter table reward.reputation_ledger validate constraint reputation_ledger_corrects_id_fkey;
