-- Undo 0184: reward.streak_events is one plain table again, holding every row.
--
-- Under an exclusive lock: every partition is detached, the rows of the
-- monthly ones are copied into the history partition and the monthly ones
-- dropped; the history partition takes back the name, the identity (its
-- sequence continues), the key on (id, user_id) and 0180's index, the
-- "once a day" key's name, the comment, grants and the CHECK 0181
-- validated. Unlike 0184, this builds two indexes and validates the CHECK
-- under the lock (a scan of the log): a rollback is the rare path.

lock table core.users in share row exclusive mode;
lock table reward.streak_events in access exclusive mode;

create temporary table streak_events_rollback on commit drop as
select
    (select s.last_value from reward.streak_events_id_seq as s) as last_value,
    (select s.is_called from reward.streak_events_id_seq as s) as is_called,
    -- 0181's boundary; a later month's start if rows were written past it since.
    greatest(
        (
            select b.ends from core.partition_bounds('reward.streak_events') as b
            where b.partition = 'reward.streak_events_history'::regclass
        ),
        (select date_trunc('month', max(e.on_date)) + interval '1 month' from reward.streak_events as e)
    )::date as boundary;

do $$
declare
    p regclass;
begin
    for p in select b.partition from core.partition_bounds('reward.streak_events') as b loop
        execute format('alter table reward.streak_events detach partition %s', p);
        if p <> 'reward.streak_events_history'::regclass then
            execute format('insert into reward.streak_events_history select * from %s', p);
            execute format('drop table %s', p);
        end if;
    end loop;
end;
$$;

delete from core.partitioned_tables
where table_name = 'reward.streak_events';
drop table reward.streak_events;

alter table reward.streak_events_history rename to streak_events;
comment on table reward.streak_events is
'Each streak freeze spent or earned and each break, with the streak around it.';
alter table reward.streak_events alter column id add generated always as identity (
    sequence name reward.streak_events_id_seq
);
select setval('reward.streak_events_id_seq', r.last_value, r.is_called) from streak_events_rollback as r;
alter table reward.streak_events drop constraint streak_events_history_pkey;
alter table reward.streak_events add constraint streak_events_pkey primary key (id, user_id);
create unique index idx_streak_events_id_user_id_on_date on reward.streak_events (id, user_id, on_date);
alter table reward.streak_events rename constraint streak_events_history_once_key to streak_events_once_key;
do $$
begin
    execute format(
        'alter table reward.streak_events add constraint streak_events_dated_before_partitioning'
        ' check (on_date < %L)',
        (select r.boundary from streak_events_rollback as r)
    );
end;
$$;
call core.apply_table_access('reward.streak_events');
