-- name: training_review_queue
-- description: Training samples waiting for review, highest review_priority first, then oldest
-- mode: read
-- param: max_rows int >= 1 <= 1000000 = 50 | how many samples
-- param: source text = null | only samples from this source (game, conversation, ...)
select
    s.id as sample_id,
    s.text,
    s.intent,
    s.entities,
    s.language,
    s.tone,
    s.confidence,
    s.source,
    s.review_priority,
    s.created_at
from chat.training_samples as s
where
    s.review_status = 'pending'
    {% if source %}
    and s.source = {{ source }}
    {% endif %}
order by s.review_priority desc, s.created_at asc, s.id asc
limit {{ max_rows }}
