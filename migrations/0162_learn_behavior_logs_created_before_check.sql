-- transactional: false
--
-- Second step of partitioning learn.behavior_logs (0163 says why): the
-- rows already written become the first partition, which holds every time
-- up to a boundary. Attaching a table as a partition checks that its
-- rows fit, by a scan under an exclusive lock, unless a validated CHECK
-- already proves it: this adds that CHECK.
--
-- First the application may no longer name created_at (it is the
-- database's, now() by default): an action cannot be logged into a month
-- of its choosing, past the boundary here or, once partitioned, into a
-- month that has no partition. The boundary is the first day of the month
-- after next, or later if an action already logged says a later time; it depends
-- on the day this runs, hence the dynamic statement, and 0163 reads it back
-- from the constraint. The CHECK is added NOT VALID (a short lock, no
-- scan), then validated in its own transaction: VALIDATE scans the table
-- under a lock that lets learners go on being logged.

update core.table_access set database_columns = array_append(database_columns, 'created_at')
where table_name = 'learn.behavior_logs' and not 'created_at' = any(database_columns);
call core.apply_table_access();

do $$
begin
    if not exists (
        select from pg_constraint
        where
            conrelid = 'learn.behavior_logs'::regclass
            and conname = 'behavior_logs_created_before_partitioning'
    ) then
        execute format(
            'alter table learn.behavior_logs add constraint behavior_logs_created_before_partitioning'
            ' check (created_at < %L) not valid',
            greatest(
                date_trunc('month', now()) + interval '2 months',
                (select date_trunc('month', max(b.created_at)) + interval '1 month' from learn.behavior_logs as b)
            )
        );
    end if;
end;
$$;

alter table learn.behavior_logs validate constraint behavior_logs_created_before_partitioning;
