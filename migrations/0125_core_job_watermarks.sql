-- Where an incremental job got to: jobs that cost what is new, not all
-- history (refresh_vote_graph first).
--
-- core.job_watermarks holds, per job, the time up to which it has taken
-- in what changed, and when it last did a full recompute. The job reads
-- and advances it in the same transaction as its work, so a failed run
-- leaves it where it was. An incremental run takes in the events since
-- the watermark less incremental_overlap_minutes: an event is stamped with
-- its transaction's start, so a transaction still open when a run began,
-- and committed after, is taken in by the next run as long as it was open
-- for less than the overlap. The first run of each day (UTC) recomputes
-- everything, which bounds what a longer transaction could leave behind
-- to one day. Taking something in twice changes nothing (the jobs
-- recompute what they touch from the truth).
--
-- A new table and a setting. The application, which runs the jobs, may
-- write the watermarks: the worst it can do is make a job redo work or
-- wait for the daily full run.

create table core.job_watermarks (
    job text not null,
    watermark timestamptz not null,
    last_full_at timestamptz not null,
    updated_at timestamptz not null default now(),
    constraint job_watermarks_pkey primary key (job)
);
comment on table core.job_watermarks is
'Per incremental job: the time up to which it has taken in changes, and its last full recompute.';
comment on column core.job_watermarks.watermark is
'The start of the last successful run: the next takes in events from here less incremental_overlap_minutes.';
comment on column core.job_watermarks.last_full_at is 'When the job last recomputed everything (daily).';

insert into core.table_access (table_name, app_privileges, why)
values ('core.job_watermarks', '{SELECT,INSERT,UPDATE}', 'job progress, advanced by the jobs with their work');
call core.apply_table_access();

insert into core.gamification_settings (key, value, type, description, category, updated_by, min_value, max_value)
values (
    'incremental_overlap_minutes', '60', 'number',
    'Incremental jobs take in events this far before their watermark (transactions open that long are covered)',
    'limits', 'migration 0125', 1, 1440
)
on conflict (key) do nothing;
