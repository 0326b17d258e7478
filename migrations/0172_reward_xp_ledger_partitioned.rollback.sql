-- Undo 0172: reward.xp_ledger is one plain table again, holding every
-- award, with the keys, indexes and triggers it had after 0171.
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
-- 0172, this builds three indexes and validates a foreign key and a CHECK
-- under the lock (scans of the ledger): a rollback is the rare path.

lock table reward.xp_ledger in access exclusive mode;

create temporary table xp_ledger_rollback on commit drop as
select
    (select s.last_value from reward.xp_ledger_id_seq as s) as last_value,
    (select s.is_called from reward.xp_ledger_id_seq as s) as is_called,
    -- 0171's boundary; a later month's start if awards were written past it since.
    greatest(
        (
            select b.ends from core.partition_bounds('reward.xp_ledger') as b
            where b.partition = 'reward.xp_ledger_history'::regclass
        ),
        (select date_trunc('month', max(l.created_at)) + interval '1 month' from reward.xp_ledger as l)
    ) as boundary;

alter table reward.xp_ledger_history drop constraint xp_ledger_history_corrects_id_fkey;
do $$
declare
    p regclass;
begin
    for p in select b.partition from core.partition_bounds('reward.xp_ledger') as b loop
        execute format('alter table reward.xp_ledger detach partition %s', p);
        if p <> 'reward.xp_ledger_history'::regclass then
            execute format('insert into reward.xp_ledger_history select * from %s', p);
            execute format('drop table %s', p);
        end if;
    end loop;
end;
$$;

delete from core.partitioned_tables
where table_name = 'reward.xp_ledger';
-- The view is pointed at the plain table before the partitioned one goes.
alter table reward.xp_ledger rename to xp_ledger_partitioned;
alter table reward.xp_ledger_history rename to xp_ledger;
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
drop table reward.xp_ledger_partitioned;

comment on table reward.xp_ledger is
'Every XP award with its breakdown (seed 004 XPLedger, formerly PointsLedger). Append-only.';
alter table reward.xp_ledger alter column id add generated always as identity (sequence name reward.xp_ledger_id_seq);
select setval('reward.xp_ledger_id_seq', r.last_value, r.is_called) from xp_ledger_rollback as r;

alter table reward.xp_ledger drop constraint xp_ledger_history_pkey;
alter table reward.xp_ledger add constraint xp_ledger_pkey primary key (id, user_id);
create unique index idx_xp_ledger_id_user_id_created_at on reward.xp_ledger (id, user_id, created_at);
create unique index xp_ledger_corrects_id_key on reward.xp_ledger (corrects_id, user_id);
alter table reward.xp_ledger add constraint xp_ledger_corrects_id_fkey
foreign key (corrects_id, user_id) references reward.xp_ledger (id, user_id);
alter index reward.xp_ledger_history_concept_id_idx rename to idx_xp_ledger_concept_id;
alter index reward.xp_ledger_history_created_at_user_id_final_xp_idx rename to idx_xp_ledger_created_at;
alter index reward.xp_ledger_history_event_type_idx rename to idx_xp_ledger_event_type;
alter index reward.xp_ledger_history_created_at_idx rename to idx_xp_ledger_flagged;
alter index reward.xp_ledger_history_user_id_created_at_idx rename to idx_xp_ledger_user_id_created_at;
alter index reward.xp_ledger_history_corrects_idx
rename to idx_xp_ledger_corrects_id_user_id_corrects_created_at;

create trigger xp_ledger_accept_award before insert on reward.xp_ledger
for each row execute function reward.accept_award('final_xp');
create trigger xp_ledger_add_to_periods after insert on reward.xp_ledger
for each row execute function reward.add_to_xp_periods();
create trigger xp_ledger_append_only before update or delete on reward.xp_ledger
for each row execute function core.refuse_change();
create trigger xp_ledger_apply_daily_cap before insert on reward.xp_ledger
for each row execute function reward.apply_daily_cap('final_xp', 'xp', 'daily_xp_cap');
create trigger xp_ledger_no_truncate before truncate on reward.xp_ledger
for each statement execute function core.refuse_change();
create trigger xp_ledger_record_row before insert on reward.xp_ledger
for each row execute function reward.record_ledger_row('final_xp', 'total_xp');
create trigger xp_ledger_refuse_suspended before insert on reward.xp_ledger
for each row execute function trust.refuse_suspended_actor('user_id', 'final_xp');

do $$
begin
    execute format(
        'alter table reward.xp_ledger add constraint xp_ledger_created_before_partitioning check (created_at < %L)',
        (select r.boundary from xp_ledger_rollback as r)
    );
end;
$$;
call core.apply_table_access();
