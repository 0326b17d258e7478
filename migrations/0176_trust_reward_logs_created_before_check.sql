-- transactional: false
--
-- Second of three steps that partition trust.fact_check_logs,
-- trust.moderation_logs and reward.award_changes by month of created_at
-- (0175 says why). The rows already written become each table's first
-- partition, which holds every time up to a boundary; attaching a table as
-- a partition checks that its rows fit, by a scan under an exclusive lock,
-- unless a validated CHECK proves it already: this adds that CHECK, as
-- 0162 did for the behaviour log.
--
-- First the application may no longer name created_at (it is the
-- database's, now() by default): a row cannot be written into a month of
-- its choosing, past the boundary here or, once partitioned, into a month
-- that has no partition. Nor the id of a trust log: the key becomes (id,
-- created_at), and ids stay unique because only the identity hands them
-- out (the award changes' ids are the database's since 0160). And core.log_event, the trigger that turns a
-- moderation action into a domain event, names the table it fired for
-- through core.written_table_name (0169): on a partitioned table it fires
-- on the partition, whose name is not the log's.
--
-- The boundary is the first day of the month after next, or later if a
-- row already says a later time; 0177-0179 read it back from the
-- constraint. Each CHECK is added NOT VALID (a short lock, no scan), then
-- validated in its own transaction, under a lock that lets writers go on.

update core.table_access set database_columns = database_columns || array['id', 'created_at']
where table_name in ('trust.fact_check_logs', 'trust.moderation_logs') and not 'created_at' = any(database_columns);
update core.table_access set database_columns = database_columns || array['created_at']
where table_name = 'reward.award_changes' and not 'created_at' = any(database_columns);
call core.apply_table_access();

create or replace function core.log_event() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    row_data jsonb := to_jsonb(coalesce(new, old));
    copied jsonb := '{}';
    column_name text;
begin
    foreach column_name in array string_to_array(coalesce(tg_argv[2], ''), ',') loop
        copied := copied || jsonb_build_object(column_name, row_data -> column_name);
    end loop;
    insert into core.event_logs (event_type, user_id, target_id, metadata)
    values (
        tg_argv[0],
        (row_data ->> tg_argv[1])::bigint,
        format('%s:%s', core.written_table_name(tg_relid), row_data ->> 'id'),
        copied
    );
    return null;
end;
$$;

do $$
declare
    log_table regclass;
    check_name text;
    latest timestamptz;
begin
    foreach log_table in array array[
        'trust.fact_check_logs', 'trust.moderation_logs', 'reward.award_changes'
    ]::regclass [] loop
        check_name := (select c.relname from pg_class as c where c.oid = log_table) || '_created_before_partitioning';
        continue when exists (select from pg_constraint where conrelid = log_table and conname = check_name);
        execute format('select max(created_at) from %s', log_table) into latest;
        execute format(
            'alter table %s add constraint %I check (created_at < %L) not valid',
            log_table, check_name,
            greatest(date_trunc('month', now()) + interval '2 months', date_trunc('month', latest) + interval '1 month')
        );
    end loop;
end;
$$;

alter table trust.fact_check_logs validate constraint fact_check_logs_created_before_partitioning;
alter table trust.moderation_logs validate constraint moderation_logs_created_before_partitioning;
alter table reward.award_changes validate constraint award_changes_created_before_partitioning;
