-- Undo 0179: reward.award_changes is one plain table again, holding every row.
--
-- Under an exclusive lock: every partition is detached, the rows of the
-- monthly ones are copied into the history partition and the monthly ones
-- dropped; the history partition takes back the name, the identity (its
-- sequence continues), the key on (id, user_id) and 0175's index, the other
-- indexes' names, the comment, grants and the CHECK 0176
-- validated. Unlike 0179, this builds two indexes and validates the CHECK
-- under the lock (a scan of the log): a rollback is the rare path.

lock table reward.award_runs in share row exclusive mode;
lock table reward.award_rule_versions in share row exclusive mode;
lock table core.users in share row exclusive mode;
lock table reward.award_changes in access exclusive mode;

create temporary table award_changes_rollback on commit drop as
select
    (select s.last_value from reward.award_changes_id_seq as s) as last_value,
    (select s.is_called from reward.award_changes_id_seq as s) as is_called,
    -- 0176's boundary; a later month's start if rows were written past it since.
    greatest(
        (
            select b.ends from core.partition_bounds('reward.award_changes') as b
            where b.partition = 'reward.award_changes_history'::regclass
        ),
        (select date_trunc('month', max(l.created_at)) + interval '1 month' from reward.award_changes as l)
    ) as boundary;

do $$
declare
    p regclass;
begin
    for p in select b.partition from core.partition_bounds('reward.award_changes') as b loop
        execute format('alter table reward.award_changes detach partition %s', p);
        if p <> 'reward.award_changes_history'::regclass then
            execute format('insert into reward.award_changes_history select * from %s', p);
            execute format('drop table %s', p);
        end if;
    end loop;
end;
$$;

delete from core.partitioned_tables
where table_name = 'reward.award_changes';
drop table reward.award_changes;

alter table reward.award_changes_history rename to award_changes;
comment on table reward.award_changes is
'Every award a run granted or revoked, with the rule version that decided it.';
alter table reward.award_changes alter column id add generated always as identity (
    sequence name reward.award_changes_id_seq
);
select setval('reward.award_changes_id_seq', r.last_value, r.is_called) from award_changes_rollback as r;
alter table reward.award_changes drop constraint award_changes_history_pkey;
alter table reward.award_changes add constraint award_changes_pkey primary key (id, user_id);
create unique index idx_award_changes_id_user_id_created_at on reward.award_changes (id, user_id, created_at);
alter index reward.award_changes_history_rule_id_rule_version_idx rename to idx_award_changes_rule_version;
alter index reward.award_changes_history_run_id_idx rename to idx_award_changes_run_id;
alter index reward.award_changes_history_user_id_idx rename to idx_award_changes_user_id;
do $$
begin
    execute format(
        'alter table reward.award_changes add constraint award_changes_created_before_partitioning'
        ' check (created_at < %L)',
        (select r.boundary from award_changes_rollback as r)
    );
end;
$$;
call core.apply_table_access();
