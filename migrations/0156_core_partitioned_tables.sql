-- core.maintain_partitions keeps every table partitioned by month, not the
-- event log alone: the tables it keeps are rows of core.partitioned_tables,
-- each with the setting that says how long a month is kept after it ends
-- (none: kept for ever) and, where a month must outlive that, the
-- condition on a row that keeps its month (the event log keeps a month
-- while one of its events is unprocessed). A table partitioned later
-- (0159, the bot's conversation memory) is kept by adding its row.
--
-- The function is the same for the event log: the same months created
-- ahead, the same months dropped, under the same names and advisory lock;
-- only a new partition's comment is worded for any table. A catalog change
-- and a new small table; no lock on a log.

create table core.partitioned_tables (
    table_name text primary key,
    retention_setting text,
    keep_while text,
    why text not null,
    constraint partitioned_tables_keep_while_check check (keep_while is null or retention_setting is not null)
);
comment on table core.partitioned_tables is
'The tables partitioned by month that core.maintain_partitions keeps: months created ahead, old months dropped.';
comment on column core.partitioned_tables.table_name is 'schema.table of the partitioned table.';
comment on column core.partitioned_tables.retention_setting is
'The setting (core.gamification_settings) holding how many days a month is kept after it ends; NULL: for ever.';
comment on column core.partitioned_tables.keep_while is
'A condition on a row (SQL) that keeps its month past the retention while one row meets it; NULL: none.';
comment on column core.partitioned_tables.why is 'What the table holds and why its months go when they do.';

insert into core.partitioned_tables (table_name, retention_setting, keep_while, why)
values (
    'core.event_logs', 'retention_event_log_days', 'processed_at is null',
    'domain events; a month goes once every event in it has been processed'
);

insert into core.table_access (table_name, app_privileges, why)
values ('core.partitioned_tables', '{SELECT}', 'written by migrations: the tables maintain_partitions keeps');
call core.apply_table_access();

create or replace function core.maintain_partitions(p_months_ahead integer default 3)
returns table (table_name text, partition_name text, action text)
language plpgsql security definer
set search_path = pg_catalog, pg_temp
set lock_timeout = '2s'
as $$
declare
    kept record;
    month_start timestamptz;
    covered_until timestamptz;
    old record;
    new_partition text;
    held boolean;
begin
    -- The application may call it: it cannot make it create partitions without end.
    if p_months_ahead not between 1 and 24 then
        raise exception 'core.maintain_partitions: months ahead must be between 1 and 24, not %', p_months_ahead
            using errcode = 'invalid_parameter_value';
    end if;
    -- One upkeep at a time (the job, or the application calling it): a second waits, then finds the
    -- months the first created.
    perform pg_advisory_xact_lock(hashtext('core.maintain_partitions'));
    for kept in
        select
            c.oid::regclass as parent,
            n.nspname as schema_name,
            c.relname as relation_name,
            p.retention_setting,
            p.keep_while
        from core.partitioned_tables as p
        inner join pg_class as c on c.oid = p.table_name::regclass
        inner join pg_namespace as n on c.relnamespace = n.oid
        order by p.table_name
    loop
        -- Create the months ahead: the next p_months_ahead months beyond this one are always there,
        -- and the months run on from the last partition without a gap.
        select max(b.ends) into covered_until from core.partition_bounds(kept.parent) as b;
        month_start := coalesce(covered_until, date_trunc('month', now()));
        while month_start <= date_trunc('month', now()) + make_interval(months => p_months_ahead) loop
            new_partition := format('%I.%I', kept.schema_name,
                kept.relation_name || '_' || to_char(month_start, '"y"YYYY"m"MM'));
            -- Created apart, then attached: ATTACH locks the parent SHARE UPDATE EXCLUSIVE (writers go on),
            -- where CREATE TABLE ... PARTITION OF would lock it ACCESS EXCLUSIVE.
            execute format('create table %s (like %s including defaults including constraints)',
                new_partition, kept.parent);
            execute format('alter table %s attach partition %s for values from (%L) to (%L)',
                kept.parent, new_partition, month_start, month_start + interval '1 month');
            -- Default privileges grant new tables to the roles: a partition grants nothing.
            execute format('revoke all on %s from gamedb_app, gamedb_readonly', new_partition);
            execute format('comment on table %s is %L', new_partition,
                format('Partition of %s: its rows of %s.', kept.parent, to_char(month_start, 'YYYY-MM')));
            table_name := kept.parent::text;
            partition_name := new_partition;
            action := 'created';
            return next;
            month_start := month_start + interval '1 month';
        end loop;
        -- Drop the months past the retention, but none that holds a row the table keeps (keep_while).
        continue when kept.retention_setting is null;
        for old in
            select b.partition
            from core.partition_bounds(kept.parent) as b
            where b.ends <= now() - make_interval(days => core.setting_numeric(kept.retention_setting)::integer)
            order by b.ends
        loop
            if kept.keep_while is not null then
                execute format('select exists (select from %s where %s)', old.partition, kept.keep_while) into held;
                continue when held;
            end if;
            partition_name := old.partition::text;  -- named before it is gone
            execute format('drop table %s', old.partition);
            table_name := kept.parent::text;
            action := 'dropped';
            return next;
        end loop;
    end loop;
end;
$$;
comment on function core.maintain_partitions(integer) is
'Creates the coming months of every table in core.partitioned_tables and drops the months past its retention '
'that hold no row it keeps; returns what it did.';
