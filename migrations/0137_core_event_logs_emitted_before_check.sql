-- transactional: false
--
-- Second step of partitioning core.event_logs (0138 says why): the rows
-- already written become the first partition, which holds every time up to
-- a boundary, the first day of the month after next. Attaching a table as
-- a partition checks that its rows fit, by a scan under an exclusive lock,
-- unless a validated CHECK already proves it: this adds that CHECK.
--
-- Added NOT VALID (a short lock, no scan), then validated in its own
-- transaction: VALIDATE scans the table under a lock that lets events go
-- on being written. Events are stamped now() by the database (0101's
-- guard), so every event written until 0138 runs is before the boundary.
-- The boundary depends on the day this runs, hence the dynamic statement;
-- 0138 reads it back from the constraint.

do $$
begin
    if not exists (
        select from pg_constraint
        where conrelid = 'core.event_logs'::regclass and conname = 'event_logs_emitted_before_partitioning'
    ) then
        execute format(
            'alter table core.event_logs add constraint event_logs_emitted_before_partitioning'
            ' check (emitted_at < %L) not valid',
            date_trunc('month', now()) + interval '2 months'
        );
    end if;
end;
$$;

alter table core.event_logs validate constraint event_logs_emitted_before_partitioning;
