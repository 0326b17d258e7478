-- name: export_training_batch
-- description: Export approved, unused training samples as one batch and mark them used, in one transaction
-- mode: write
-- schedule: 0 3 * * *
-- schedule-param: batch_id=batch-{today}
-- schedule-output: deliver
-- param: batch_id text | a new name for this batch, e.g. 2026-11-22
-- param: max_rows int >= 1 <= 1000000 = 100000 | most samples in the batch
-- param: languages text[] = null | only these languages (comma-separated)
--
-- Use --format jsonl. The rows are printed before the commit: if printing
-- fails, nothing is marked used; a sample is never marked without being
-- printed.
with batch as (
    select s.id
    from chat.training_samples as s
    where
        s.approved
        and not s.used_in_training
        {% if languages %}
        and s.language = any({{ languages }})
        {% endif %}
    order by s.id
    limit {{ max_rows }}
    for update skip locked
),

used as (
    update chat.training_samples as s
    set used_in_training = true, training_batch_id = {{ batch_id }}
    from batch as b
    where s.id = b.id
    returning s.id, s.text, s.intent, s.entities, s.language, s.tone, s.confidence, s.source
)

select
    id,
    text,
    intent,
    entities,
    language,
    tone,
    confidence,
    source
from used
order by id
