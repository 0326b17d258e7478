-- name: review_training_sample
-- description: Approve, reject or relabel one pending training sample; the reviewer and time are recorded
-- mode: write
-- param: sample_id int >= 1 | the sample
-- param: reviewer text | who reviews (kept in approved_by)
-- param: decision choice(approve|reject|relabel) | the outcome
-- param: intent text = null | relabel only: the right intent
-- param: entities json = null | relabel only: the right entities
select
    r.id as sample_id,
    r.intent,
    r.review_status,
    r.approved_by,
    r.approved_at
from
    chat.review_training_sample(
        {{ sample_id }}::bigint, {{ reviewer }}::text, '{{ decision }}', {{ intent }}::text, {{ entities }}::jsonb
    ) as r
