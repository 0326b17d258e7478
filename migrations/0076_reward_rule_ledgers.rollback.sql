-- Undo 0076: the ledgers can be changed again and no longer move the user
-- totals. Loses which rows compensate which.

drop trigger reputation_ledger_no_truncate on reward.reputation_ledger;
drop trigger reputation_ledger_append_only on reward.reputation_ledger;
drop trigger xp_ledger_no_truncate on reward.xp_ledger;
drop trigger xp_ledger_append_only on reward.xp_ledger;
drop trigger reputation_ledger_record_row on reward.reputation_ledger;
drop trigger xp_ledger_record_row on reward.xp_ledger;
drop function reward.record_ledger_row();
alter table reward.reputation_ledger drop column corrects_id;
alter table reward.xp_ledger drop column corrects_id;
