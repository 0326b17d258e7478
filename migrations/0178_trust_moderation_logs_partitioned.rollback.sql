-- Undo 0178: trust.moderation_logs is one plain table again, holding every row.
--
-- Under an exclusive lock: every partition is detached, the rows of the
-- monthly ones are copied into the history partition and the monthly ones
-- dropped; the history partition takes back the name, the identity (its
-- sequence continues), the key on (id) and 0175's index, the other
-- indexes' names, the trigger, the comment, grants and the CHECK 0176
-- validated. Unlike 0178, this builds two indexes and validates the CHECK
-- under the lock (a scan of the log): a rollback is the rare path.

lock table core.users in share row exclusive mode;
lock table trust.moderation_logs in access exclusive mode;

create temporary table moderation_logs_rollback on commit drop as
select
    (select s.last_value from trust.moderation_logs_id_seq as s) as last_value,
    (select s.is_called from trust.moderation_logs_id_seq as s) as is_called,
    -- 0176's boundary; a later month's start if rows were written past it since.
    greatest(
        (
            select b.ends from core.partition_bounds('trust.moderation_logs') as b
            where b.partition = 'trust.moderation_logs_history'::regclass
        ),
        (select date_trunc('month', max(l.created_at)) + interval '1 month' from trust.moderation_logs as l)
    ) as boundary;

do $$
declare
    p regclass;
begin
    for p in select b.partition from core.partition_bounds('trust.moderation_logs') as b loop
        execute format('alter table trust.moderation_logs detach partition %s', p);
        if p <> 'trust.moderation_logs_history'::regclass then
            execute format('insert into trust.moderation_logs_history select * from %s', p);
            execute format('drop table %s', p);
        end if;
    end loop;
end;
$$;

delete from core.partitioned_tables
where table_name = 'trust.moderation_logs';
drop table trust.moderation_logs;

alter table trust.moderation_logs_history rename to moderation_logs;
comment on table trust.moderation_logs is
'Every moderation action taken on a user (seed 004 ModerationLog).';
alter table trust.moderation_logs alter column id add generated always as identity (
    sequence name trust.moderation_logs_id_seq
);
select setval('trust.moderation_logs_id_seq', r.last_value, r.is_called) from moderation_logs_rollback as r;
alter table trust.moderation_logs drop constraint moderation_logs_history_pkey;
alter table trust.moderation_logs add constraint moderation_logs_pkey primary key (id);
create unique index idx_moderation_logs_id_created_at on trust.moderation_logs (id, created_at);
alter index trust.moderation_logs_history_admin_id_idx rename to idx_moderation_logs_admin_id;
alter index trust.moderation_logs_history_target_user_id_created_at_idx
rename to idx_moderation_logs_target_user_id_created_at;
create trigger moderation_logs_log_event after insert on trust.moderation_logs
for each row execute function core.log_event('moderation.logged', 'target_user_id', 'action,admin_id');
do $$
begin
    execute format(
        'alter table trust.moderation_logs add constraint moderation_logs_created_before_partitioning'
        ' check (created_at < %L)',
        (select r.boundary from moderation_logs_rollback as r)
    );
end;
$$;
call core.apply_table_access();
