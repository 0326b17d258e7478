-- Undo 0177: trust.fact_check_logs is one plain table again, holding every row.
--
-- Under an exclusive lock: every partition is detached, the rows of the
-- monthly ones are copied into the history partition and the monthly ones
-- dropped; the history partition takes back the name, the identity (its
-- sequence continues), the key on (id) and 0175's index, the other
-- indexes' names, the comment, grants and the CHECK 0176
-- validated. Unlike 0177, this builds two indexes and validates the CHECK
-- under the lock (a scan of the log): a rollback is the rare path.

lock table core.users in share row exclusive mode;
lock table trust.fact_check_logs in access exclusive mode;

create temporary table fact_check_logs_rollback on commit drop as
select
    (select s.last_value from trust.fact_check_logs_id_seq as s) as last_value,
    (select s.is_called from trust.fact_check_logs_id_seq as s) as is_called,
    -- 0176's boundary; a later month's start if rows were written past it since.
    greatest(
        (
            select b.ends from core.partition_bounds('trust.fact_check_logs') as b
            where b.partition = 'trust.fact_check_logs_history'::regclass
        ),
        (select date_trunc('month', max(l.created_at)) + interval '1 month' from trust.fact_check_logs as l)
    ) as boundary;

do $$
declare
    p regclass;
begin
    for p in select b.partition from core.partition_bounds('trust.fact_check_logs') as b loop
        execute format('alter table trust.fact_check_logs detach partition %s', p);
        if p <> 'trust.fact_check_logs_history'::regclass then
            execute format('insert into trust.fact_check_logs_history select * from %s', p);
            execute format('drop table %s', p);
        end if;
    end loop;
end;
$$;

delete from core.partitioned_tables
where table_name = 'trust.fact_check_logs';
drop table trust.fact_check_logs;

alter table trust.fact_check_logs_history rename to fact_check_logs;
comment on table trust.fact_check_logs is
'An NLI fact check of AI-generated text (seed 004 FactCheckLog).';
alter table trust.fact_check_logs alter column id add generated always as identity (
    sequence name trust.fact_check_logs_id_seq
);
select setval('trust.fact_check_logs_id_seq', r.last_value, r.is_called) from fact_check_logs_rollback as r;
alter table trust.fact_check_logs drop constraint fact_check_logs_history_pkey;
alter table trust.fact_check_logs add constraint fact_check_logs_pkey primary key (id);
create unique index idx_fact_check_logs_id_created_at on trust.fact_check_logs (id, created_at);
alter index trust.fact_check_logs_history_contradiction_count_idx rename to idx_fact_check_logs_contradiction_count;
alter index trust.fact_check_logs_history_created_at_idx rename to idx_fact_check_logs_created_at;
alter index trust.fact_check_logs_history_safe_to_display_idx rename to idx_fact_check_logs_safe_to_display;
alter index trust.fact_check_logs_history_user_id_created_at_idx rename to idx_fact_check_logs_user_id_created_at;
do $$
begin
    execute format(
        'alter table trust.fact_check_logs add constraint fact_check_logs_created_before_partitioning'
        ' check (created_at < %L)',
        (select r.boundary from fact_check_logs_rollback as r)
    );
end;
$$;
call core.apply_table_access();
