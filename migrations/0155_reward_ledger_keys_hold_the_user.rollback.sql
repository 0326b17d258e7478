-- transactional: false
--
-- Undo 0155: the ledgers' keys are id and corrects_id alone again, and a
-- correction's foreign key points at id; the application may name a
-- ledger row's id again when it inserts. As in 0155, the indexes are
-- built CONCURRENTLY, each ledger's keys swapped in one short transaction
-- and the foreign key validated after it. No data is lost.

create unique index concurrently idx_xp_ledger_id
on reward.xp_ledger (id);
create unique index concurrently idx_xp_ledger_corrects_id
on reward.xp_ledger (corrects_id);
create unique index concurrently idx_reputation_ledger_id
on reward.reputation_ledger (id);
create unique index concurrently idx_reputation_ledger_corrects_id
on reward.reputation_ledger (corrects_id);

do $$
begin
    -- Swapped back already when its index became the key.
    if to_regclass('reward.idx_xp_ledger_id') is null then
        return;
    end if;
    alter table reward.xp_ledger
    drop constraint xp_ledger_corrects_id_fkey,
    drop constraint xp_ledger_pkey,
    add constraint xp_ledger_pkey primary key using index idx_xp_ledger_id;
    drop index reward.xp_ledger_corrects_id_key;
    alter index reward.idx_xp_ledger_corrects_id rename to xp_ledger_corrects_id_key;
    alter table reward.xp_ledger add constraint xp_ledger_corrects_id_fkey
    foreign key (corrects_id) references reward.xp_ledger (id) not valid;
end;
$$;
do $$
begin
    -- Swapped back already when its index became the key.
    if to_regclass('reward.idx_reputation_ledger_id') is null then
        return;
    end if;
    alter table reward.reputation_ledger
    drop constraint reputation_ledger_corrects_id_fkey,
    drop constraint reputation_ledger_pkey,
    add constraint reputation_ledger_pkey primary key using index idx_reputation_ledger_id;
    drop index reward.reputation_ledger_corrects_id_key;
    alter index reward.idx_reputation_ledger_corrects_id rename to reputation_ledger_corrects_id_key;
    alter table reward.reputation_ledger add constraint reputation_ledger_corrects_id_fkey
    foreign key (corrects_id) references reward.reputation_ledger (id) not valid;
end;
$$;

alter table reward.xp_ledger validate constraint xp_ledger_corrects_id_fkey;
alter table reward.reputation_ledger validate constraint reputation_ledger_corrects_id_fkey;

update core.table_access set database_columns = array_remove(database_columns, 'id')
where table_name in ('reward.xp_ledger', 'reward.reputation_ledger');
call core.apply_table_access();
