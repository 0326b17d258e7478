-- transactional: false
-- revises: 7b04ab12684344b32ec0d4317067828a50669dc471c4d7271de3cfd7666ffc9e
--
-- Revised after release, with the same result: the swap is one DO block
-- that commits on its own, and the months ahead are made after it, outside
-- its lock (README, "Scaling out"). A rerun after a crash skips the swap.
--
-- core.event_logs becomes a table partitioned by month of emitted_at, so
-- that old events leave by dropping a whole month (no DELETE, no bloat, no
-- vacuum of the rows that stay) and reads by time touch only the months
-- they ask for. The table grows with every action in the community.
--
-- Done on a live database without a scan under an exclusive lock: 0136
-- built the (id, emitted_at) key's index CONCURRENTLY and 0137 validated a
-- CHECK that every row is before a boundary. In this one short
-- transaction, the existing table, renamed core.event_logs_history,
-- becomes the first partition (every time up to the boundary; the CHECK
-- proves its rows fit, so ATTACH does not scan them), under a new
-- partitioned core.event_logs with the same columns, keys, checks, foreign
-- key, guard trigger, comments and grants. Its identity continues the old
-- one's sequence. Every statement here changes only the catalog; the
-- ACCESS EXCLUSIVE lock on the old table is held for milliseconds (the
-- runner's lock_timeout bounds the wait for it, and retries).
--
-- What changes for readers and writers:
-- - the primary key is (id, emitted_at): ids stay unique (one sequence
--   hands them out), the key must hold the partition key;
-- - the application may no longer name emitted_at when it inserts (it was
--   already overwritten with now() by the guard): a row cannot be routed
--   to a month it does not belong to;
-- - the months ahead are created, and whole months dropped once they are
--   older than retention_event_log_days and fully processed, by
--   core.maintain_partitions() (the daily job maintain_partitions). The
--   rows of the history partition still leave by apply_retention's
--   batches, until the partition can be dropped whole.
-- - the partitions grant nothing to gamedb_app or gamedb_readonly: they
--   read and write through core.event_logs (the invariant
--   partitions_grant_nothing checks it).

do $swap$
begin
    if exists (select from pg_partitioned_table where partrelid = 'core.event_logs'::regclass) then
        return;
    end if;
    -- The bounds of a partitioned table's partitions, as timestamps (NULL for
    -- MINVALUE/MAXVALUE), read from the catalogue.
    create function core.partition_bounds(p_parent regclass)
    returns table (partition regclass, starts timestamptz, ends timestamptz)
    language sql stable
    set search_path = pg_catalog, pg_temp
    as $$
    select
        c.oid::regclass,
        (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\)'))[1]::timestamptz,
        (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz
    from pg_inherits as i
    inner join pg_class as c on i.inhrelid = c.oid
    where i.inhparent = p_parent
    order by 3 nulls last;
$$;
    comment on function core.partition_bounds(regclass) is
    'Each partition of a table partitioned by time, with its lower and upper bound (NULL: unbounded).';

    create function core.maintain_partitions(p_months_ahead integer default 3)
    returns table (table_name text, partition_name text, action text)
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
    set lock_timeout = '2s'
    as $$
declare
    month_start timestamptz;
    covered_until timestamptz;
    old record;
    new_partition text;
begin
    -- The application may call it: it cannot make it create partitions without end.
    if p_months_ahead not between 1 and 24 then
        raise exception 'core.maintain_partitions: months ahead must be between 1 and 24, not %', p_months_ahead
            using errcode = 'invalid_parameter_value';
    end if;
    -- One upkeep at a time (the job, or the application calling it): a second waits, then finds the
    -- months the first created.
    perform pg_advisory_xact_lock(hashtext('core.maintain_partitions'));
    -- Create the months ahead: the next p_months_ahead months beyond this one are always there,
    -- and the months run on from the last partition without a gap.
    select max(b.ends) into covered_until from core.partition_bounds('core.event_logs') as b;
    month_start := coalesce(covered_until, date_trunc('month', now()));
    while month_start <= date_trunc('month', now()) + make_interval(months => p_months_ahead) loop
        new_partition := 'event_logs_' || to_char(month_start, '"y"YYYY"m"MM');
        -- Created apart, then attached: ATTACH locks the parent SHARE UPDATE EXCLUSIVE (writers go on),
        -- where CREATE TABLE ... PARTITION OF would lock it ACCESS EXCLUSIVE.
        execute format(
            'create table core.%I (like core.event_logs including defaults including constraints)',
            new_partition
        );
        execute format(
            'alter table core.event_logs attach partition core.%I for values from (%L) to (%L)',
            new_partition, month_start, month_start + interval '1 month'
        );
        -- Default privileges grant new tables to the roles: a partition grants nothing.
        execute format('revoke all on core.%I from gamedb_app, gamedb_readonly', new_partition);
        execute format(
            'comment on table core.%I is %L', new_partition,
            'Partition of core.event_logs: the events emitted in ' || to_char(month_start, 'YYYY-MM') || '.'
        );
        table_name := 'core.event_logs';
        partition_name := 'core.' || new_partition;
        action := 'created';
        return next;
        month_start := month_start + interval '1 month';
    end loop;
    -- Drop the months past the retention whose every event has been processed.
    for old in
        select b.partition
        from core.partition_bounds('core.event_logs') as b
        where b.ends <= now() - make_interval(days => core.setting_numeric('retention_event_log_days')::integer)
        order by b.ends
    loop
        continue when exists (
            select from core.event_logs as e
            where e.tableoid = old.partition and e.processed_at is null
        );
        partition_name := old.partition::text;  -- named before it is gone
        execute format('drop table %s', old.partition);
        table_name := 'core.event_logs';
        action := 'dropped';
        return next;
    end loop;
end;
$$;
    comment on function core.maintain_partitions(integer) is
    'Creates the coming months of core.event_logs and drops the months past retention_event_log_days '
    'whose events are all processed; returns what it did.';
    revoke execute on function core.maintain_partitions(integer) from public;
    grant execute on function core.maintain_partitions(integer) to gamedb_app;

    -- The swap. Squawk's warnings on renames, the dropped key and the dropped
    -- identity concern the old table only: core.event_logs keeps its name,
    -- columns and identity for every client, under the new partitioned table.
    -- squawk-ignore-file renaming-table, renaming-object, ban-drop-constraint, ban-alter-identity
    --
    -- The foreign key to core.users needs that table's SHARE ROW EXCLUSIVE lock.
    -- Taken first, in the order writers take them (a user, then the events it
    -- causes), so that a writer and this migration never wait on each other (a
    -- deadlock that PostgreSQL breaks only after deadlock_timeout, 1 s).
    lock table core.users in share row exclusive mode;
    lock table core.event_logs in access exclusive mode;
    alter table core.event_logs drop constraint event_logs_pkey;
    alter table core.event_logs rename to event_logs_history;
    alter table core.event_logs_history add constraint event_logs_history_pkey
    primary key using index idx_event_logs_id_emitted_at;
    alter index core.idx_event_logs_event_type_emitted_at rename to event_logs_history_event_type_emitted_at_idx;
    alter index core.idx_event_logs_processed_at rename to event_logs_history_processed_at_idx;
    alter index core.idx_event_logs_user_id_emitted_at rename to event_logs_history_user_id_emitted_at_idx;
    drop trigger event_logs_guard on core.event_logs_history;
    alter sequence core.event_logs_id_seq rename to event_logs_history_id_seq;

    create table core.event_logs (
        id bigint generated always as identity (sequence name core.event_logs_id_seq),
        event_type text not null,
        user_id bigint,
        target_id text,
        metadata jsonb not null,
        emitted_at timestamptz not null default now(),
        processed_at timestamptz,
        constraint event_logs_pkey primary key (id, emitted_at),
        constraint event_logs_user_id_fkey foreign key (user_id) references core.users (id) on delete set null,
        constraint event_logs_metadata_check check (core.check_jsonb_object(metadata, 'event_logs.metadata')),
        constraint event_logs_processed_check check (processed_at >= emitted_at)
    ) partition by range (emitted_at);
    comment on table core.event_logs is
    'Domain events, processed at most once (seed 004 EventLog). Partitioned by month of emitted_at.';
    comment on column core.event_logs.event_type is 'What happened, e.g. ANSWER_ACCEPTED, MASTERY_UPDATED.';
    comment on column core.event_logs.target_id is 'The affected resource (answer, doubt, ...), as text.';
    comment on column core.event_logs.processed_at is 'When the event was processed; NULL while waiting.';

    perform setval('core.event_logs_id_seq', s.last_value, s.is_called) from core.event_logs_history_id_seq as s;
    alter table core.event_logs_history alter column id drop identity;

    create index idx_event_logs_event_type_emitted_at on core.event_logs (event_type, emitted_at);
    create index idx_event_logs_processed_at on core.event_logs (processed_at);
    create index idx_event_logs_user_id_emitted_at on core.event_logs (user_id, emitted_at);
    create trigger event_logs_guard
    before insert or update or delete on core.event_logs
    for each row execute function core.guard_event_log();

    -- The boundary 0137 validated: the history partition holds every time before it.
    begin
        execute format(
            'alter table core.event_logs attach partition core.event_logs_history for values from (minvalue) to (%L)',
            (
                select (regexp_match(pg_get_constraintdef(c.oid), '''([^'']+)'''))[1]::timestamptz
                from pg_constraint as c
                where c.conrelid = 'core.event_logs_history'::regclass and c.conname = 'event_logs_emitted_before_partitioning'
            )
        );
    end;
    alter table core.event_logs_history drop constraint event_logs_emitted_before_partitioning;
    comment on table core.event_logs_history is
    'Partition of core.event_logs: the events emitted before it was partitioned.';
    revoke all on core.event_logs_history from gamedb_app, gamedb_readonly;

    update core.table_access set database_columns = '{emitted_at}'
    where table_name = 'core.event_logs';
    call core.apply_table_access();
end;
$swap$;

select
    m.table_name,
    m.partition_name,
    m.action
from core.maintain_partitions() as m;
