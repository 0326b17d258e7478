-- name: approve_training_samples
-- description: Approve pending training samples in bulk by a filter (source, intent, minimum confidence)
-- mode: write
-- param: reviewer text | who approves (kept in approved_by)
-- param: source text = null | only samples from this source
-- param: intent text = null | only samples labelled with this intent
-- param: min_confidence numeric >= 0 <= 1 = null | only samples at least this confident
-- param: max_rows int >= 1 <= 100000 = 1000 | most samples approved in this call
select
    a.id as sample_id,
    a.intent,
    a.source,
    a.confidence
from
    chat.approve_training_samples(
        {{ reviewer }}::text, {{ source }}::text, {{ intent }}::text, {{ min_confidence }}::numeric,
        {{ max_rows }}::integer
    ) as a
order by a.id
