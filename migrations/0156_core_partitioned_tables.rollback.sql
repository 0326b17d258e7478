-- Undo 0156: core.maintain_partitions keeps the event log alone again, as
-- 0138 wrote it, and core.partitioned_tables goes. Partitions already
-- made stay, with their comments.

create or replace function core.maintain_partitions(p_months_ahead integer default 3)
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

delete from core.table_access
where table_name = 'core.partitioned_tables';
drop table core.partitioned_tables;
