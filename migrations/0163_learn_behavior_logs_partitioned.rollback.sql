-- Undo 0163: learn.behavior_logs is one plain table again, holding every
-- action.
--
-- Under an exclusive lock: every partition is detached, the rows of the
-- monthly ones are copied into the history partition and the monthly ones
-- dropped; the history partition takes back the name, the identity (its
-- sequence continues), the key on (id, user_id) and 0161's index, the
-- per-user index, comment and grants, and the CHECK 0162 validated. Unlike
-- 0163, this builds two indexes and validates the CHECK under the lock (a
-- scan of the actions): a rollback is the rare path.

lock table core.users in share row exclusive mode;
lock table learn.behavior_logs in access exclusive mode;

create temporary table behavior_logs_rollback on commit drop as
select
    (select s.last_value from learn.behavior_logs_id_seq as s) as last_value,
    (select s.is_called from learn.behavior_logs_id_seq as s) as is_called,
    -- 0162's boundary; a later month's start if actions were logged past it since.
    greatest(
        (
            select b.ends from core.partition_bounds('learn.behavior_logs') as b
            where b.partition = 'learn.behavior_logs_history'::regclass
        ),
        (select date_trunc('month', max(l.created_at)) + interval '1 month' from learn.behavior_logs as l)
    ) as boundary;

do $$
declare
    p regclass;
begin
    for p in select b.partition from core.partition_bounds('learn.behavior_logs') as b loop
        execute format('alter table learn.behavior_logs detach partition %s', p);
        if p <> 'learn.behavior_logs_history'::regclass then
            execute format('insert into learn.behavior_logs_history select * from %s', p);
            execute format('drop table %s', p);
        end if;
    end loop;
end;
$$;

delete from core.partitioned_tables
where table_name = 'learn.behavior_logs';
drop table learn.behavior_logs;

alter table learn.behavior_logs_history rename to behavior_logs;
comment on table learn.behavior_logs is
'What a learner did and when (seed 003: BehaviorLog); feeds AI analyses and nudges.';
alter table learn.behavior_logs alter column id add generated always as identity (
    sequence name learn.behavior_logs_id_seq
);
select setval('learn.behavior_logs_id_seq', r.last_value, r.is_called) from behavior_logs_rollback as r;
alter table learn.behavior_logs drop constraint behavior_logs_history_pkey;
alter table learn.behavior_logs add constraint behavior_logs_pkey primary key (id, user_id);
create unique index idx_behavior_logs_id_user_id_created_at on learn.behavior_logs (id, user_id, created_at);
alter index learn.behavior_logs_history_user_id_created_at_idx rename to idx_behavior_logs_user_id_created_at;
do $$
begin
    execute format(
        'alter table learn.behavior_logs add constraint behavior_logs_created_before_partitioning'
        ' check (created_at < %L)',
        (select r.boundary from behavior_logs_rollback as r)
    );
end;
$$;
call core.apply_table_access();
