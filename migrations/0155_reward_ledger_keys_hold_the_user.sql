-- transactional: false
--
-- The two ledgers' keys hold the user, so that each ledger can be
-- distributed by user on Citus (sql/distribution/citus.sql), where every
-- unique key must hold the distribution column and a foreign key between
-- two distributed tables must pair it:
-- - the primary key becomes (id, user_id);
-- - the key that lets a row be taken back once becomes (corrects_id,
--   user_id), and a correction's foreign key (corrects_id, user_id) points
--   at (id, user_id): a correction takes back a row of its own user, as
--   reward.record_ledger_row already checked, now a key's rule too.
-- Nothing else changes on one PostgreSQL. Ids are the identity's alone
-- (from here on the application may not name a ledger row's id, as 0153
-- did for other tables), so (id, user_id) is as unique as id was; and as
-- a correction's user is its row's user, (corrects_id, user_id) is as
-- unique as corrects_id was. Lookups by id and by corrects_id read the
-- new indexes (their first column). 0154 made the functions that insert
-- corrections name no conflict target, so they work on either key.
--
-- On a live ledger: the new indexes are built CONCURRENTLY (awards go on;
-- an interrupted build is rebuilt by `gamedb migrate`); each ledger's keys
-- are swapped in one short transaction, a catalog change under a lock held
-- for milliseconds, the new foreign key added NOT VALID; then it is
-- validated, a scan under a lock that lets awards go on. Every row already
-- passed the trigger's check, so the validation finds nothing.

update core.table_access set database_columns = array_append(database_columns, 'id')
where table_name in ('reward.xp_ledger', 'reward.reputation_ledger') and not 'id' = any(database_columns);
call core.apply_table_access();

create unique index concurrently idx_xp_ledger_id_user_id
on reward.xp_ledger (id, user_id);
create unique index concurrently idx_xp_ledger_corrects_id_user_id
on reward.xp_ledger (corrects_id, user_id);
create unique index concurrently idx_reputation_ledger_id_user_id
on reward.reputation_ledger (id, user_id);
create unique index concurrently idx_reputation_ledger_corrects_id_user_id
on reward.reputation_ledger (corrects_id, user_id);

-- The swaps. A ledger whose new key index is gone (it became the key) has
-- been swapped already: a rerun after a crash passes over it.
do $$
begin
    -- Swapped already when its index became the key.
    if to_regclass('reward.idx_xp_ledger_id_user_id') is null then
        return;
    end if;
    alter table reward.xp_ledger
    drop constraint xp_ledger_corrects_id_fkey,
    drop constraint xp_ledger_pkey,
    add constraint xp_ledger_pkey primary key using index idx_xp_ledger_id_user_id;
    drop index reward.xp_ledger_corrects_id_key;
    alter index reward.idx_xp_ledger_corrects_id_user_id rename to xp_ledger_corrects_id_key;
    alter table reward.xp_ledger add constraint xp_ledger_corrects_id_fkey
    foreign key (corrects_id, user_id) references reward.xp_ledger (id, user_id) not valid;
end;
$$;
do $$
begin
    -- Swapped already when its index became the key.
    if to_regclass('reward.idx_reputation_ledger_id_user_id') is null then
        return;
    end if;
    alter table reward.reputation_ledger
    drop constraint reputation_ledger_corrects_id_fkey,
    drop constraint reputation_ledger_pkey,
    add constraint reputation_ledger_pkey primary key using index idx_reputation_ledger_id_user_id;
    drop index reward.reputation_ledger_corrects_id_key;
    alter index reward.idx_reputation_ledger_corrects_id_user_id rename to reputation_ledger_corrects_id_key;
    alter table reward.reputation_ledger add constraint reputation_ledger_corrects_id_fkey
    foreign key (corrects_id, user_id) references reward.reputation_ledger (id, user_id) not valid;
end;
$$;

alter table reward.xp_ledger validate constraint xp_ledger_corrects_id_fkey;
alter table reward.reputation_ledger validate constraint reputation_ledger_corrects_id_fkey;
