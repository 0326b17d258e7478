-- A history of the scheduled jobs (`gamedb job run`, which cron runs): one
-- row per run, written by the runner on a connection of its own, so a job
-- whose transaction fails or is killed still leaves its row.
--
-- A run starts as 'running' and ends as 'succeeded', 'failed' or 'busy'
-- (another run of the same job held its lock: nothing was done). A row
-- still 'running' long after its start belongs to a run that died.
-- max_interval is the longest gap between two times the job's schedule
-- fires, as the runner read the schedule then: core.job_health calls a job
-- late when it has not succeeded within twice that, and the invariant
-- jobs_on_time reports it in `gamedb check` (wire that to an alert).
--
-- A new table: nothing else changes. The application (which runs the jobs)
-- may write its runs but not rewrite the history's past: it may update
-- only a run's end.

create table core.job_runs (
    id bigint generated always as identity,
    job text not null,
    started_at timestamptz not null default now(),
    finished_at timestamptz,
    outcome text not null default 'running',
    rows_returned bigint,
    runs integer,
    exit_code integer,
    error text,
    hostname text not null,
    max_interval interval not null,
    constraint job_runs_pkey primary key (id),
    constraint job_runs_outcome_check check (outcome in ('running', 'succeeded', 'failed', 'busy')),
    constraint job_runs_finished_check check ((outcome = 'running') = (finished_at is null))
);
comment on table core.job_runs is 'One row per scheduled job run (gamedb job run): when, how it ended, rows, errors.';
comment on column core.job_runs.job is 'The named query run as a job.';
comment on column core.job_runs.outcome is
'running, succeeded, failed, or busy (another run held the lock; nothing done).';
comment on column core.job_runs.rows_returned is
'Rows the job returned (summed over its batches with schedule-repeat).';
comment on column core.job_runs.runs is 'Batches run (schedule-repeat), else 1.';
comment on column core.job_runs.exit_code is 'The exit code gamedb returned (README: exit codes).';
comment on column core.job_runs.hostname is 'The machine that ran it.';
comment on column core.job_runs.max_interval is 'Longest gap between two times the schedule fires.';

create index idx_job_runs_job_started_at on core.job_runs (job, started_at desc);

create view core.job_health as
select
    j.job,
    j.started_at as last_started_at,
    j.outcome as last_outcome,
    j.error as last_error,
    s.last_succeeded_at,
    j.max_interval,
    coalesce(s.last_succeeded_at, '-infinity') < now() - 2 * j.max_interval as late
from (
    select distinct on (r.job)
        r.job,
        r.started_at,
        r.outcome,
        r.error,
        r.max_interval
    from core.job_runs as r
    order by r.job asc, r.started_at desc
) as j
left join lateral (
    select max(r.finished_at) as last_succeeded_at
    from core.job_runs as r
    where r.job = j.job and r.outcome = 'succeeded'
) as s on true;
comment on view core.job_health is
'Per job: its last run, last success, and whether it is late (no success within twice its longest interval).';

insert into core.table_access (table_name, app_privileges, app_update_columns, why)
values
(
    'core.job_runs', '{SELECT,INSERT,UPDATE}',
    '{finished_at,outcome,rows_returned,runs,exit_code,error}', 'job history; a run may only record its end'
),
('core.job_health', '{SELECT}', null, 'view');

call core.apply_table_access();
