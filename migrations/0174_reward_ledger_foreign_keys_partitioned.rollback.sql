-- Undo 0174: the foreign keys are the history partitions' own again, as
-- after 0173: dropping a partitioned table's key drops its partitions'
-- copies, so the history partitions get theirs back (to core.users and
-- learn.concepts validated, a scan under the lock: a rollback is the rare
-- path; the corrections' one NOT VALID, as 0172 and 0173 added it).

alter table reward.xp_ledger drop constraint xp_ledger_corrects_id_fkey;
alter table reward.xp_ledger drop constraint xp_ledger_user_id_fkey;
alter table reward.xp_ledger drop constraint xp_ledger_concept_id_fkey;
alter table reward.reputation_ledger drop constraint reputation_ledger_corrects_id_fkey;
alter table reward.reputation_ledger drop constraint reputation_ledger_user_id_fkey;

alter table reward.xp_ledger_history add constraint xp_ledger_user_id_fkey
foreign key (user_id) references core.users (id) on delete cascade;
alter table reward.xp_ledger_history add constraint xp_ledger_concept_id_fkey
foreign key (concept_id) references learn.concepts (id) on delete set null;
alter table reward.xp_ledger_history add constraint xp_ledger_history_corrects_id_fkey
foreign key (corrects_id, user_id, corrects_created_at) references reward.xp_ledger (id, user_id, created_at) not valid;
alter table reward.reputation_ledger_history add constraint reputation_ledger_user_id_fkey
foreign key (user_id) references core.users (id) on delete cascade;
alter table reward.reputation_ledger_history add constraint reputation_ledger_history_corrects_id_fkey
foreign key (corrects_id, user_id, corrects_created_at)
references reward.reputation_ledger (id, user_id, created_at) not valid;
