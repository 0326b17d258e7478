-- Scheduled jobs run by pg_cron inside the database (`gamedb cron --pg-cron`
-- prints the schedule, `--install` applies it), for sites that would rather
-- not keep a crontab on an application host.
--
-- core.run_job does for one job what `gamedb job run` does from outside, so
-- a job behaves the same whichever scheduler starts it:
--   * the run is recorded in core.job_runs as 'running' and committed
--     first, so a run that dies still leaves its row (hostname 'pg_cron');
--   * the job's advisory lock is the runner's (hashtextextended of
--     'gamedb.query.<job>'): a run that finds it taken records 'busy'
--     (exit code 75) and does nothing, whoever holds it;
--   * each batch is one transaction, run as the job's role when it has one
--     (SET LOCAL ROLE); with `repeat` batches run until one returns no row;
--   * a failing batch is rolled back whole (a subtransaction) and the run
--     is recorded 'failed' with the error and the exit code gamedb would
--     have given (3 for a rule's refusal, 4 for any other error).
-- pg_cron calls it at the top level (CALL), where a procedure may commit.
--
-- The command is the job's query with its values written in as literals
-- (pg_cron binds nothing). It runs with the caller's privileges only
-- (SECURITY INVOKER): whoever may call it could run that SQL anyway.
-- EXECUTE is revoked from PUBLIC all the same: it is the scheduler's.
-- A new procedure: nothing else changes.

create procedure core.run_job(
    job_name text,
    command text,
    max_interval interval,
    repeat boolean default false,
    as_role text default null
)
language plpgsql
as $$
declare
    run_id bigint;
    batch_rows bigint;
    total_rows bigint := 0;
    batches integer := 0;
    busy boolean := false;
    failure text;
    failure_state text;
begin
    insert into core.job_runs (job, hostname, max_interval)
    values (job_name, 'pg_cron', max_interval)
    returning id into run_id;
    commit;
    loop
        begin
            if not pg_try_advisory_xact_lock(hashtextextended('gamedb.query.' || job_name, 0)) then
                busy := true;
            else
                if as_role is not null then
                    perform set_config('role', as_role, true);
                end if;
                execute command;
                get diagnostics batch_rows = row_count;
            end if;
        exception when others then
            get stacked diagnostics failure = message_text, failure_state = returned_sqlstate;
        end;
        exit when busy or failure is not null;
        total_rows := total_rows + batch_rows;
        batches := batches + 1;
        commit;
        exit when not repeat or batch_rows = 0;
    end loop;
    update core.job_runs
    set
        finished_at = clock_timestamp(),
        outcome = case when busy then 'busy' when failure is not null then 'failed' else 'succeeded' end,
        exit_code = case
            when busy then 75
            when failure is null then 0
            when left(failure_state, 2) in ('22', '23', 'P0') or failure_state = '42501' then 3
            else 4
        end,
        rows_returned = case when failure is null and not busy then total_rows end,
        runs = case when failure is null and not busy then batches end,
        error = case
            when busy then 'job ' || job_name || ' is already running elsewhere; nothing was done'
            when failure is not null then '[' || failure_state || '] ' || failure
        end
    where id = run_id;
    commit;
end;
$$;
comment on procedure core.run_job is
'Runs one scheduled job in the database as `gamedb job run` does (history, lock, role, batches); '
'pg_cron calls it (see `gamedb cron --pg-cron`).';
revoke execute on procedure core.run_job(text, text, interval, boolean, text) from public;
