-- Undo 0183: reward.nudge_history is one plain table again, holding every row.
--
-- Under an exclusive lock: every partition is detached, the rows of the
-- monthly ones are copied into the history partition and the monthly ones
-- dropped; the history partition takes back the name, the identity (its
-- sequence continues), the key on (id, user_id) and 0180's index, the other
-- keys' and indexes' names, the comment, grants and the CHECK 0181
-- validated. Unlike 0183, this builds two indexes and validates the CHECK
-- under the lock (a scan of the log): a rollback is the rare path.

lock table core.users in share row exclusive mode;
lock table reward.nudge_history in access exclusive mode;

create temporary table nudge_history_rollback on commit drop as
select
    (select s.last_value from reward.nudge_history_id_seq as s) as last_value,
    (select s.is_called from reward.nudge_history_id_seq as s) as is_called,
    -- 0181's boundary; a later month's start if rows were written past it since.
    greatest(
        (
            select b.ends from core.partition_bounds('reward.nudge_history') as b
            where b.partition = 'reward.nudge_history_history'::regclass
        ),
        (select date_trunc('month', max(n.sent_on)) + interval '1 month' from reward.nudge_history as n)
    )::date as boundary;

do $$
declare
    p regclass;
begin
    for p in select b.partition from core.partition_bounds('reward.nudge_history') as b loop
        execute format('alter table reward.nudge_history detach partition %s', p);
        if p <> 'reward.nudge_history_history'::regclass then
            execute format('insert into reward.nudge_history_history select * from %s', p);
            execute format('drop table %s', p);
        end if;
    end loop;
end;
$$;

delete from core.partitioned_tables
where table_name = 'reward.nudge_history';
drop table reward.nudge_history;

alter table reward.nudge_history_history rename to nudge_history;
comment on table reward.nudge_history is
'Every nudge sent to a user (seed 003, I010); one of a kind per user per day.';
alter table reward.nudge_history alter column id add generated always as identity (
    sequence name reward.nudge_history_id_seq
);
select setval('reward.nudge_history_id_seq', r.last_value, r.is_called) from nudge_history_rollback as r;
alter table reward.nudge_history drop constraint nudge_history_history_pkey;
alter table reward.nudge_history add constraint nudge_history_pkey primary key (id, user_id);
create unique index idx_nudge_history_id_user_id_sent_on on reward.nudge_history (id, user_id, sent_on);
alter table reward.nudge_history rename constraint nudge_history_history_user_id_nudge_type_sent_on_key
to nudge_history_user_id_nudge_type_sent_on_key;
alter index reward.nudge_history_history_user_id_sent_at_idx rename to idx_nudge_history_user_id_sent_at;
do $$
begin
    execute format(
        'alter table reward.nudge_history add constraint nudge_history_dated_before_partitioning'
        ' check (sent_on < %L)',
        (select r.boundary from nudge_history_rollback as r)
    );
end;
$$;
call core.apply_table_access('reward.nudge_history');
