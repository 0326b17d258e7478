-- name: harvest_training_candidates
-- description: Turn confident conversation messages into training samples (idempotent, bounded batch)
-- mode: write
-- schedule: 15 * * * *
-- param: batch_size int >= 1 <= 100000 = 5000 | most messages to harvest in this run
--
-- A message qualifies when its NLU confidence is at least the setting
-- min_confidence_auto_save and it has an intent. Each message is harvested
-- once: the sample keeps the log's id (unique) and the log is marked. The
-- band between the threshold and 1 is split in three equal parts to give
-- the confidence bucket (low, medium, high). Run it again until it reports
-- no rows to drain a backlog.
with threshold as (
    select core.setting_numeric('min_confidence_auto_save') as min_confidence
),

picked as (
    select
        l.id,
        l.user_id,
        l.session_id,
        l.user_message,
        l.nlu_intent,
        l.nlu_entities,
        l.nlu_confidence,
        l.nlu_language,
        l.nlu_tone,
        l.nlu_provider,
        l.conversation_context,
        case
            when l.nlu_confidence >= t.min_confidence + 2 * (1 - t.min_confidence) / 3 then 'high'
            when l.nlu_confidence >= t.min_confidence + (1 - t.min_confidence) / 3 then 'medium'
            else 'low'
        end as bucket
    from chat.conversation_logs as l
    cross join threshold as t
    where
        not l.is_training_candidate
        and l.nlu_intent is not null
        and l.nlu_confidence >= t.min_confidence
    order by l.id
    limit {{ batch_size }}
    for update of l skip locked
),

inserted as (
    insert into chat.training_samples (
        user_id, session_id, text, intent, entities, confidence, language, tone,
        context, source, nlu_provider, conversation_log_id
    )
    select
        p.user_id,
        p.session_id,
        p.user_message,
        p.nlu_intent,
        p.nlu_entities,
        p.nlu_confidence,
        p.nlu_language,
        p.nlu_tone,
        p.conversation_context,
        'conversation' as source,
        p.nlu_provider,
        p.id
    from picked as p
    on conflict (conversation_log_id) do nothing
    returning conversation_log_id
),

marked as (
    update chat.conversation_logs as l
    set is_training_candidate = true, training_confidence_bucket = p.bucket
    from picked as p
    where l.id = p.id
    returning l.id
)

select
    p.bucket,
    count(*) as harvested
from picked as p
inner join inserted as i on p.id = i.conversation_log_id
group by p.bucket
order by p.bucket
