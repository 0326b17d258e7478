-- Undo 0173: reward.reputation_ledger is one plain table again, holding
-- every change, with the keys, indexes and triggers it had after 0171.
--
-- Under an exclusive lock: the corrections' foreign key to the partitioned
-- ledger goes (a partition whose rows are pointed at cannot be detached),
-- every partition is detached (their copies of the ledger's triggers go
-- with them), the rows of the monthly ones are copied into the history
-- partition and the monthly ones dropped; the history partition takes
-- back the name, the identity (its sequence continues), the key on (id,
-- user_id), 0170's index, the other indexes' names, the triggers, the
-- unique key on the row a correction takes back and the self-referencing
-- foreign key, the comment, grants, the view and 0171's CHECK. Unlike
-- 0173, this builds three indexes and validates a foreign key and a CHECK
-- under the lock (scans of the ledger): a rollback is the rare path.

lock table reward.reputation_ledger in access exclusive mode;

create temporary table reputation_ledger_rollback on commit drop as
select
    (select s.last_value from reward.reputation_ledger_id_seq as s) as last_value,
    (select s.is_called from reward.reputation_ledger_id_seq as s) as is_called,
    -- 0171's boundary; a later month's start if changes were written past it since.
    greatest(
        (
            select b.ends from core.partition_bounds('reward.reputation_ledger') as b
            where b.partition = 'reward.reputation_ledger_history'::regclass
        ),
        (select date_trunc('month', max(l.created_at)) + interval '1 month' from reward.reputation_ledger as l)
    ) as boundary;

alter table reward.reputation_ledger_history drop constraint reputation_ledger_history_corrects_id_fkey;
do $$
declare
    p regclass;
begin
    for p in select b.partition from core.partition_bounds('reward.reputation_ledger') as b loop
        execute format('alter table reward.reputation_ledger detach partition %s', p);
        if p <> 'reward.reputation_ledger_history'::regclass then
            execute format('insert into reward.reputation_ledger_history select * from %s', p);
            execute format('drop table %s', p);
        end if;
    end loop;
end;
$$;

delete from core.partitioned_tables
where table_name = 'reward.reputation_ledger';
-- The view is pointed at the plain table before the partitioned one goes.
alter table reward.reputation_ledger rename to reputation_ledger_partitioned;
alter table reward.reputation_ledger_history rename to reputation_ledger;
create or replace view reward.user_ledger_totals as
with xp as (
    select
        user_id,
        sum(final_xp) as ledger_xp
    from reward.xp_ledger
    group by user_id
),

reputation as (
    select
        user_id,
        sum(change) as ledger_reputation
    from reward.reputation_ledger
    group by user_id
)

select
    u.id as user_id,
    coalesce(x.ledger_xp, 0) as ledger_xp,
    coalesce(r.ledger_reputation, 0) as ledger_reputation
from core.users as u
left join xp as x on u.id = x.user_id
left join reputation as r on u.id = r.user_id;
drop table reward.reputation_ledger_partitioned;

comment on table reward.reputation_ledger is
'Every reputation change, positive or negative (seed 004 ReputationLedger).';
alter table reward.reputation_ledger alter column id add generated always as identity (
    sequence name reward.reputation_ledger_id_seq
);
select setval('reward.reputation_ledger_id_seq', r.last_value, r.is_called) from reputation_ledger_rollback as r;

alter table reward.reputation_ledger drop constraint reputation_ledger_history_pkey;
alter table reward.reputation_ledger add constraint reputation_ledger_pkey primary key (id, user_id);
create unique index idx_reputation_ledger_id_user_id_created_at on reward.reputation_ledger (id, user_id, created_at);
create unique index reputation_ledger_corrects_id_key on reward.reputation_ledger (corrects_id, user_id);
alter table reward.reputation_ledger add constraint reputation_ledger_corrects_id_fkey
foreign key (corrects_id, user_id) references reward.reputation_ledger (id, user_id);
alter index reward.reputation_ledger_history_event_type_idx rename to idx_reputation_ledger_event_type;
alter index reward.reputation_ledger_history_source_id_idx rename to idx_reputation_ledger_source_id;
alter index reward.reputation_ledger_history_user_id_created_at_idx rename to idx_reputation_ledger_user_id_created_at;
alter index reward.reputation_ledger_history_corrects_idx
rename to idx_reputation_ledger_corrects_id_user_id_corrects_created_at;

create trigger reputation_ledger_accept_award before insert on reward.reputation_ledger
for each row execute function reward.accept_award('change');
create trigger reputation_ledger_accept_owner_events before insert on reward.reputation_ledger
for each row execute function reward.refuse_app_accept_events();
create trigger reputation_ledger_accept_votes before insert on reward.reputation_ledger
for each row execute function trust.refuse_shadow_banned_votes();
create trigger reputation_ledger_append_only before update or delete on reward.reputation_ledger
for each row execute function core.refuse_change();
create trigger reputation_ledger_apply_daily_cap before insert on reward.reputation_ledger
for each row execute function reward.apply_daily_cap('change', 'reputation', 'daily_reputation_cap');
create trigger reputation_ledger_no_truncate before truncate on reward.reputation_ledger
for each statement execute function core.refuse_change();
create trigger reputation_ledger_record_row before insert on reward.reputation_ledger
for each row execute function reward.record_ledger_row('change', 'total_reputation');

do $$
begin
    execute format(
        'alter table reward.reputation_ledger add constraint reputation_ledger_created_before_partitioning'
        ' check (created_at < %L)',
        (select r.boundary from reputation_ledger_rollback as r)
    );
end;
$$;
call core.apply_table_access();
