-- Undo 0176: the CHECKs go (catalog changes), the application may name
-- created_at (and a trust log's id) again, and core.log_event is as 0118
-- wrote it. No data is lost.

alter table trust.fact_check_logs drop constraint if exists fact_check_logs_created_before_partitioning;
alter table trust.moderation_logs drop constraint if exists moderation_logs_created_before_partitioning;
alter table reward.award_changes drop constraint if exists award_changes_created_before_partitioning;

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
        format('%s.%s:%s', tg_table_schema, tg_table_name, row_data ->> 'id'),
        copied
    );
    return null;
end;
$$;

update core.table_access set database_columns = array_remove(array_remove(database_columns, 'id'), 'created_at')
where table_name in ('trust.fact_check_logs', 'trust.moderation_logs');
update core.table_access set database_columns = array_remove(database_columns, 'created_at')
where table_name = 'reward.award_changes';
call core.apply_table_access();
