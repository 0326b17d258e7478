-- transactional: false
--
-- Last of six steps that partition both ledgers by month of created_at
-- (0172 says why): their foreign keys, declared on the partitioned tables,
-- so that every partition has them, the months to come too.
--
-- First the corrections' foreign key that 0172 and 0173 added NOT VALID on
-- the history partitions is validated: a scan under a lock that lets awards
-- go on (every row already passed the trigger's check, so it finds
-- nothing). Then each key is declared on its ledger: the history partition
-- has a validated one alike (its own foreign keys to core.users and
-- learn.concepts, kept through the swap, and the one just validated), which
-- the ledger takes over as it is, without a scan; only the coming months'
-- partitions, empty until their month, are checked. Each ledger's keys
-- are declared in one transaction of its own, holding the ledger and the
-- tables it points at for milliseconds (the runner's lock_timeout bounds
-- the wait, and retries). The tables are locked users first, in the order
-- most writers take them (a user, then the user's rows), as 0163 did; an
-- award's trigger takes them the other way (the ledger, then the user's
-- total), and should one deadlock with this, this is the one that gives
-- way (the runner's short deadlock_timeout) and is retried. A rerun after
-- a crash finds the keys declared already and passes over them.

alter table reward.xp_ledger_history validate constraint xp_ledger_history_corrects_id_fkey;
alter table reward.reputation_ledger_history validate constraint reputation_ledger_history_corrects_id_fkey;

do $$
begin
    if not exists (
        select from pg_constraint
        where conrelid = 'reward.xp_ledger'::regclass and conname = 'xp_ledger_corrects_id_fkey'
    ) then
        lock table core.users, learn.concepts, reward.xp_ledger in share row exclusive mode;
        alter table reward.xp_ledger add constraint xp_ledger_corrects_id_fkey
        foreign key (corrects_id, user_id, corrects_created_at) references reward.xp_ledger (id, user_id, created_at);
        alter table reward.xp_ledger add constraint xp_ledger_user_id_fkey
        foreign key (user_id) references core.users (id) on delete cascade;
        alter table reward.xp_ledger add constraint xp_ledger_concept_id_fkey
        foreign key (concept_id) references learn.concepts (id) on delete set null;
    end if;
end;
$$;

do $$
begin
    if not exists (
        select from pg_constraint
        where conrelid = 'reward.reputation_ledger'::regclass and conname = 'reputation_ledger_corrects_id_fkey'
    ) then
        lock table core.users, reward.reputation_ledger in share row exclusive mode;
        alter table reward.reputation_ledger add constraint reputation_ledger_corrects_id_fkey
        foreign key (corrects_id, user_id, corrects_created_at)
        references reward.reputation_ledger (id, user_id, created_at);
        alter table reward.reputation_ledger add constraint reputation_ledger_user_id_fkey
        foreign key (user_id) references core.users (id) on delete cascade;
    end if;
end;
$$;
