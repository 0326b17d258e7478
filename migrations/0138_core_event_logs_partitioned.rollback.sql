-- Undo 0138: core.event_logs is one plain table again, holding every event.
--
-- Under an exclusive lock: every partition is detached, the rows of the
-- monthly ones are copied into the history partition and the monthly ones
-- dropped; the history partition takes back the name, the identity (its
-- sequence continues), the key on id, indexes, guard trigger and comment,
-- and the CHECK 0137 validated. Unlike 0138, this rebuilds two indexes and
-- validates the CHECK under the lock (a scan of the events): a rollback is
-- the rare path.

lock table core.event_logs in access exclusive mode;

create temporary table event_logs_rollback on commit drop as
select
    (select s.last_value from core.event_logs_id_seq as s) as last_value,
    (select s.is_called from core.event_logs_id_seq as s) as is_called,
    -- 0137's boundary; a later month's start if events were written past it since.
    greatest(
        (
            select b.ends from core.partition_bounds('core.event_logs') as b
            where b.partition = 'core.event_logs_history'::regclass
        ),
        (select date_trunc('month', max(e.emitted_at)) + interval '1 month' from core.event_logs as e)
    ) as boundary;

do $$
declare
    p regclass;
begin
    for p in select b.partition from core.partition_bounds('core.event_logs') as b loop
        execute format('alter table core.event_logs detach partition %s', p);
        if p <> 'core.event_logs_history'::regclass then
            execute format('insert into core.event_logs_history select * from %s', p);
            execute format('drop table %s', p);
        end if;
    end loop;
end;
$$;

update core.table_access set database_columns = '{}'
where table_name = 'core.event_logs';
drop function core.maintain_partitions(integer);
drop function core.partition_bounds(regclass);
drop table core.event_logs;

alter table core.event_logs_history rename to event_logs;
comment on table core.event_logs is 'Domain events, processed at most once (seed 004 EventLog).';
alter table core.event_logs alter column id add generated always as identity (sequence name core.event_logs_id_seq);
select setval('core.event_logs_id_seq', r.last_value, r.is_called) from event_logs_rollback as r;
alter table core.event_logs drop constraint event_logs_history_pkey;
alter table core.event_logs add constraint event_logs_pkey primary key (id);
create unique index idx_event_logs_id_emitted_at on core.event_logs (id, emitted_at);
alter index core.event_logs_history_event_type_emitted_at_idx rename to idx_event_logs_event_type_emitted_at;
alter index core.event_logs_history_processed_at_idx rename to idx_event_logs_processed_at;
alter index core.event_logs_history_user_id_emitted_at_idx rename to idx_event_logs_user_id_emitted_at;
create trigger event_logs_guard
before insert or update or delete on core.event_logs
for each row execute function core.guard_event_log();
do $$
begin
    execute format(
        'alter table core.event_logs add constraint event_logs_emitted_before_partitioning check (emitted_at < %L)',
        (select r.boundary from event_logs_rollback as r)
    );
end;
$$;
call core.apply_table_access();
