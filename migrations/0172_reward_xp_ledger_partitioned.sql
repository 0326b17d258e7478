-- transactional: false
-- revises: 8ac2425b24f7225e80522580bd1ee71634d3ee5d624e7bea768733e14740831c
--
-- Revised after release, with the same result: the swap is one DO block
-- that commits on its own, and the months ahead are made after it, outside
-- its lock (README, "Scaling out"). A rerun after a crash skips the swap.
--
-- reward.xp_ledger becomes a table partitioned by month of created_at.
-- The ledger is the truth behind every user's XP: it grows with every
-- award, for ever, and is only appended to. Its reads bound the time (the
-- period leaderboards, the daily cap's day, the awards flagged in a
-- window) or the user: reads that bound the time touch only their months,
-- each month is vacuumed on its own, and a month can later be archived
-- whole (no retention is set: the totals are the ledger's sums, so its
-- months are kept).
--
-- Done on a live database without a scan under an exclusive lock, as 0163
-- did for the behaviour log: 0169 made the rules work on partitions, 0170
-- built the (id, user_id, created_at) key's index CONCURRENTLY and 0171
-- validated a CHECK that every row is before a boundary. In this one short
-- transaction the existing table, renamed reward.xp_ledger_history, becomes
-- the first partition (every time up to the boundary; the CHECK proves its
-- rows fit, so ATTACH does not scan them), under a new partitioned
-- reward.xp_ledger with the same columns, checks, indexes, triggers,
-- comments and grants; its identity continues the old one's sequence.
-- Every statement here changes only the catalog, under a lock on the
-- ledger alone, held for milliseconds (the runner's lock_timeout bounds the
-- wait for it, and retries).
--
-- The foreign keys follow in 0174, without a scan under a lock: the
-- history partition keeps its own foreign keys to core.users and
-- learn.concepts (every row written until the boundary lands in it), and
-- its corrections point at the partitioned ledger through a foreign key
-- added NOT VALID here. 0174 validates it, then declares the three on the
-- ledger, which takes over the history partition's as they are.
--
-- What changes for readers and writers: the primary key is (id, user_id,
-- created_at) (ids stay unique: the identity hands them out and the
-- application may not name one); a row is taken back at most once by the
-- rule of the trigger reward.record_ledger_row (0169), not by a unique key;
-- core.maintain_partitions keeps the months ahead from its row in
-- core.partitioned_tables; the partitions grant nothing to gamedb_app or
-- gamedb_readonly, which go through reward.xp_ledger.

do $swap$
begin
    if exists (select from pg_partitioned_table where partrelid = 'reward.xp_ledger'::regclass) then
        return;
    end if;
    -- Squawk's warnings on renames, the dropped keys and index (under the
    -- lock this holds anyway) and the dropped identity concern the old table
    -- only: reward.xp_ledger keeps its name, columns and identity for every
    -- client, under the new partitioned table.
    -- squawk-ignore-file renaming-table, renaming-object, ban-drop-constraint, ban-alter-identity
    -- squawk-ignore-file require-concurrent-index-deletion
    lock table reward.xp_ledger in access exclusive mode;

    -- The old table's keys point at it and hold no created_at: they go, the
    -- (id, user_id, created_at) index becomes its key.
    alter table reward.xp_ledger drop constraint xp_ledger_corrects_id_fkey;
    alter table reward.xp_ledger drop constraint xp_ledger_pkey;
    drop index reward.xp_ledger_corrects_id_key;
    alter table reward.xp_ledger rename to xp_ledger_history;
    alter table reward.xp_ledger_history add constraint xp_ledger_history_pkey
    primary key using index idx_xp_ledger_id_user_id_created_at;
    alter index reward.idx_xp_ledger_concept_id rename to xp_ledger_history_concept_id_idx;
    alter index reward.idx_xp_ledger_created_at rename to xp_ledger_history_created_at_user_id_final_xp_idx;
    alter index reward.idx_xp_ledger_event_type rename to xp_ledger_history_event_type_idx;
    alter index reward.idx_xp_ledger_flagged rename to xp_ledger_history_created_at_idx;
    alter index reward.idx_xp_ledger_user_id_created_at rename to xp_ledger_history_user_id_created_at_idx;
    alter index reward.idx_xp_ledger_corrects_id_user_id_corrects_created_at
    rename to xp_ledger_history_corrects_idx;
    -- The ledger's triggers, declared on it below, fire on every partition.
    drop trigger xp_ledger_accept_award on reward.xp_ledger_history;
    drop trigger xp_ledger_add_to_periods on reward.xp_ledger_history;
    drop trigger xp_ledger_append_only on reward.xp_ledger_history;
    drop trigger xp_ledger_apply_daily_cap on reward.xp_ledger_history;
    drop trigger xp_ledger_no_truncate on reward.xp_ledger_history;
    drop trigger xp_ledger_record_row on reward.xp_ledger_history;
    drop trigger xp_ledger_refuse_suspended on reward.xp_ledger_history;
    alter sequence reward.xp_ledger_id_seq rename to xp_ledger_history_id_seq;

    -- Same columns, defaults, checks and column comments as the old table.
    create table reward.xp_ledger (
        like reward.xp_ledger_history including defaults including constraints including comments
    ) partition by range (created_at);
    alter table reward.xp_ledger drop constraint xp_ledger_created_before_partitioning;
    alter table reward.xp_ledger add constraint xp_ledger_pkey primary key (id, user_id, created_at);
    alter table reward.xp_ledger alter column id add generated always as identity (sequence name reward.xp_ledger_id_seq);
    perform setval('reward.xp_ledger_id_seq', s.last_value, s.is_called)
    from reward.xp_ledger_history_id_seq as s;
    alter table reward.xp_ledger_history alter column id drop identity;
    comment on table reward.xp_ledger is
    'Every XP award with its breakdown (seed 004 XPLedger, formerly PointsLedger). Append-only. Partitioned by month '
    'of created_at.';

    -- Each index matches the history partition's, which it takes over as it is.
    create index idx_xp_ledger_concept_id on reward.xp_ledger (concept_id);
    create index idx_xp_ledger_created_at on reward.xp_ledger (created_at) include (user_id, final_xp);
    create index idx_xp_ledger_event_type on reward.xp_ledger (event_type);
    create index idx_xp_ledger_flagged on reward.xp_ledger (created_at) where flagged;
    create index idx_xp_ledger_user_id_created_at on reward.xp_ledger (user_id, created_at);
    create index idx_xp_ledger_corrects_id_user_id_corrects_created_at
    on reward.xp_ledger (corrects_id, user_id, corrects_created_at);

    create trigger xp_ledger_accept_award before insert on reward.xp_ledger
    for each row execute function reward.accept_award('final_xp');
    create trigger xp_ledger_add_to_periods after insert on reward.xp_ledger
    for each row execute function reward.add_to_xp_periods();
    create trigger xp_ledger_append_only before update or delete on reward.xp_ledger
    for each row execute function core.refuse_change();
    create trigger xp_ledger_apply_daily_cap before insert on reward.xp_ledger
    for each row execute function reward.apply_daily_cap('final_xp', 'xp', 'daily_xp_cap');
    create trigger xp_ledger_no_truncate before truncate on reward.xp_ledger
    for each statement execute function core.refuse_change();
    create trigger xp_ledger_record_row before insert on reward.xp_ledger
    for each row execute function reward.record_ledger_row('final_xp', 'total_xp');
    create trigger xp_ledger_refuse_suspended before insert on reward.xp_ledger
    for each row execute function trust.refuse_suspended_actor('user_id', 'final_xp');

    -- The boundary 0171 validated: the history partition holds every time before it.
    begin
        execute format(
            'alter table reward.xp_ledger attach partition reward.xp_ledger_history for values from (minvalue) to (%L)',
            (
                select (regexp_match(pg_get_constraintdef(c.oid), '''([^'']+)'''))[1]::timestamptz
                from pg_constraint as c
                where
                    c.conrelid = 'reward.xp_ledger_history'::regclass
                    and c.conname = 'xp_ledger_created_before_partitioning'
            )
        );
    end;
    alter table reward.xp_ledger_history drop constraint xp_ledger_created_before_partitioning;
    comment on table reward.xp_ledger_history is
    'Partition of reward.xp_ledger: the awards written before it was partitioned.';
    revoke all on reward.xp_ledger_history from gamedb_app, gamedb_readonly;
    call core.apply_table_access();

    -- The view read the old table; it reads the partitioned ledger again.
    create or replace view reward.user_ledger_totals as
    with xp as (
        select
            user_id,
            sum(final_xp) as ledger_xp
        from reward.xp_ledger
        group by user_id
    ),

    reputation as (
        select
            user_id,
            sum(change) as ledger_reputation
        from reward.reputation_ledger
        group by user_id
    )

    select
        u.id as user_id,
        coalesce(x.ledger_xp, 0) as ledger_xp,
        coalesce(r.ledger_reputation, 0) as ledger_reputation
    from core.users as u
    left join xp as x on u.id = x.user_id
    left join reputation as r on u.id = r.user_id;

    insert into core.partitioned_tables (table_name, why)
    values ('reward.xp_ledger', 'every XP award; the totals are its sums, so no retention: its months are kept');
end;
$swap$;

select
    m.table_name,
    m.partition_name,
    m.action
from core.maintain_partitions() as m
where m.table_name = 'reward.xp_ledger';

-- Last, the corrections point at the partitioned ledger: once the coming
-- months exist, so that the key's copies on them are NOT VALID like it
-- until 0174 validates it.
do $$
begin
    if not exists (select from pg_constraint where conrelid = 'reward.xp_ledger_history'::regclass and conname = 'xp_ledger_history_corrects_id_fkey') then
        alter table reward.xp_ledger_history add constraint xp_ledger_history_corrects_id_fkey
        foreign key (corrects_id, user_id, corrects_created_at) references reward.xp_ledger (id, user_id, created_at) not valid;
    end if;
end;
$$;
