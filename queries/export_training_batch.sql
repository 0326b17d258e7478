-- name: export_training_batch
-- description: Export approved training samples not yet exported as one batch, recorded in the same transaction
-- mode: write
-- output: json-lines
-- schedule: 0 3 * * *
-- schedule-param: batch_id=batch-{today}
-- schedule-output: deliver
-- param: batch_id text | a new name for this batch, e.g. 2026-11-22
-- param: max_rows int >= 1 <= 1000000 = 100000 | most samples in the batch
-- param: languages text[] = null | only these languages (comma-separated)
--
-- One JSON document per sample. With --format jsonl the server writes the
-- lines (COPY TO STDOUT) and the runner passes them through. The rows are
-- printed before the commit: if printing fails, nothing is recorded; a
-- sample is never recorded without being printed.
--
-- The batch goes to chat.training_batches and its samples to
-- chat.training_batch_samples (a sample is exported once: its primary
-- key); the samples themselves are not rewritten. A batch name is used
-- once (an existing name: exit 3, nothing exported); an empty batch is not
-- recorded.
--
-- Incremental: it reads the samples approved since its watermark
-- (core.job_window; approved_at is the database's clock), never all
-- history. The watermark advances only when the batch took every sample
-- in that window: not when max_rows cut it short or languages left some
-- out, so those are taken by a later run.
with progress as (
    select w.since from core.job_window('export_training_batch') as w
),

batch as (
    select
        s.id,
        s.text,
        s.intent,
        s.entities,
        s.language,
        s.tone,
        s.confidence,
        s.source
    from chat.training_samples as s
    where
        s.approved
        and s.approved_at >= coalesce((select p.since from progress as p), '-infinity')
        and not exists (
            select 1 from chat.training_batch_samples as b
            where b.sample_id = s.id
        )
        {% if languages %}
        and s.language = any({{ languages }})
        {% endif %}
    order by s.id
    limit {{ max_rows }}
),

recorded as (
    insert into chat.training_batches (id, sample_count)
    select
        {{ batch_id }} as id,
        count(*) as sample_count
    from batch
    having count(*) > 0
    returning id
),

members as (
    insert into chat.training_batch_samples (sample_id, batch_id)
    select
        b.id as sample_id,
        r.id as batch_id
    from batch as b
    cross join recorded as r
),

advanced as (
    select core.advance_job_watermark('export_training_batch', false) as advanced
    where
        (select count(*) from batch) < {{ max_rows }}
        and {{ languages }}::text[] is null
)

select row_to_json(b) as sample
from batch as b
-- No column here: PostgreSQL evaluates this once, before the first row,
-- so the watermark step runs even when the batch is empty.
where (select count(*) from advanced) >= 0
order by b.id
