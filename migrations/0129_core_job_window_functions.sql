-- One reading and one advancing of an incremental job's watermark
-- (core.job_watermarks, 0125), for every incremental job, instead of a
-- copy of the same SQL in each job's query.
--
-- core.job_window(job): where the job takes in changes from (its
-- watermark less incremental_overlap_minutes; null before its first run),
-- whether this is its first run ever, and whether it is its first full
-- run of the day (UTC). core.advance_job_watermark(job, full) moves the
-- watermark to this transaction's start and, for a full run, the day's
-- full-run mark; the caller's transaction commits it with the work.
--
-- New functions only.

create function core.job_window(p_job text)
returns table (since timestamptz, is_first_run boolean, is_first_of_day boolean)
language sql stable as $$
    select
        w.watermark - make_interval(mins => core.setting_numeric('incremental_overlap_minutes')::integer),
        w.job is null,
        w.job is null or w.last_full_at < date_trunc('day', now() at time zone 'utc') at time zone 'utc'
    from (select p_job as job) as asked
    left join core.job_watermarks as w on asked.job = w.job;
$$;
comment on function core.job_window(text) is
'Where an incremental job takes in changes from, and whether this is its first run ever or of the day (UTC).';

create function core.advance_job_watermark(p_job text, p_full boolean) returns boolean
language sql as $$
    insert into core.job_watermarks as w (job, watermark, last_full_at)
    values (p_job, now(), now())
    on conflict (job) do update
        set
            watermark = excluded.watermark,
            last_full_at = case when p_full then excluded.last_full_at else w.last_full_at end,
            updated_at = now()
    returning true;
$$;
comment on function core.advance_job_watermark(text, boolean) is
'Moves an incremental job''s watermark to now (and its full-run mark, after a full run), in the caller''s transaction.';
