-- transactional: false
--
-- Second of four steps that partition reward.nudge_history by month of
-- sent_on and reward.streak_events by month of on_date (0180 says why).
-- The rows already written become each table's first partition, which
-- holds every day up to a boundary; attaching a table as a partition checks
-- that its rows fit, by a scan under an exclusive lock, unless a validated
-- CHECK proves it already: this adds that CHECK, as 0176 did for the
-- trust logs.
--
-- First the application may no longer name when a nudge was sent (sent_at
-- and sent_on are the database's: now() and today): a nudge cannot be
-- written into a month of its choosing, nor backdated out of the weekly
-- cap the nudge job and the invariant count by sent_at. A streak event's
-- day stays the writer's (record_streak_activity and settle_streaks name
-- the day they settle, which may be in the past): once partitioned, a day
-- before the boundary lands in the history partition and a day beyond the
-- months made ahead is refused (no partition holds it).
--
-- The boundary is the first day of the month after next, or later if a
-- row already names a later day; 0183 and 0184 read it back from the
-- constraint. Each CHECK is added NOT VALID (a short lock, no scan), then
-- validated in its own transaction, under a lock that lets writers go on.

update core.table_access set database_columns = database_columns || array['sent_at', 'sent_on']
where table_name = 'reward.nudge_history' and not 'sent_on' = any(database_columns);
call core.apply_table_access();

do $$
declare
    log_table regclass;
    day_column text;
    check_name text;
    latest date;
begin
    for log_table, day_column in
        select t.log_table::regclass, t.day_column
        from (values ('reward.nudge_history', 'sent_on'), ('reward.streak_events', 'on_date'))
            as t (log_table, day_column)
    loop
        check_name := (select c.relname from pg_class as c where c.oid = log_table) || '_dated_before_partitioning';
        continue when exists (select from pg_constraint where conrelid = log_table and conname = check_name);
        execute format('select max(%I) from %s', day_column, log_table) into latest;
        execute format(
            'alter table %s add constraint %I check (%I < %L) not valid',
            log_table, check_name, day_column,
            greatest(
                date_trunc('month', now()) + interval '2 months', date_trunc('month', latest) + interval '1 month'
            )::date
        );
    end loop;
end;
$$;

alter table reward.nudge_history validate constraint nudge_history_dated_before_partitioning;
alter table reward.streak_events validate constraint streak_events_dated_before_partitioning;
