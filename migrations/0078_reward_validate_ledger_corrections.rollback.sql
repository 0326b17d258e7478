-- Undo 0078: back to the NOT VALID state 0076 left. No data is lost.

alter table reward.reputation_ledger
drop constraint reputation_ledger_corrects_id_fkey,
add constraint reputation_ledger_corrects_id_fkey
foreign key (corrects_id) references reward.reputation_ledger (id) not valid;

alter table reward.xp_ledger
drop constraint xp_ledger_corrects_id_fkey,
add constraint xp_ledger_corrects_id_fkey foreign key (corrects_id) references reward.xp_ledger (id) not valid;
