-- name: process_event_log
-- description: Hand out unprocessed events oldest first, each at most once, doing what follows them
-- mode: write
-- schedule: * * * * *
-- param: max_rows int >= 1 <= 1000000 = 1000 | most events to hand out in this run
-- param: event_types text[] = null | only these event types
--
-- An event is marked processed in the same transaction that prints it, and
-- only if it was not yet: two runs never hand out the same event. If the
-- output breaks, nothing is marked and the events wait for the next run.
-- The database writes the events (triggers calling core.log_event); in the
-- same transaction this run does what follows them (follow_up says what):
--   answer.accepted    -> the author earns xp_answer_accepted XP, once per
--                         answer, within the daily cap (not while suspended)
--   abuse_flag.created -> the flagged user's trust score is recomputed now
with picked as (
    select e.id
    from core.event_logs as e
    where
        e.processed_at is null
        {% if event_types %}
        and e.event_type = any({{ event_types }})
        {% endif %}
    order by e.emitted_at, e.id
    limit {{ max_rows }}
    for update skip locked
),

handed_out as (
    update core.event_logs as e
    set processed_at = greatest(now(), e.emitted_at)
    from picked as p
    where e.id = p.id and e.processed_at is null
    returning e.id, e.event_type, e.user_id, e.target_id, e.metadata, e.emitted_at
),

accepted as (
    select distinct on (h.target_id)
        h.id as event_id,
        h.user_id,
        split_part(h.target_id, ':', 2) as answer_id
    from handed_out as h
    where h.event_type = 'answer.accepted' and core.user_may_act(h.user_id)
    order by h.target_id, h.id
),

xp_setting as (
    select core.setting_numeric('xp_answer_accepted')::integer as xp
),

xp_awarded as (
    insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, metadata)
    select
        a.user_id,
        'ANSWER_ACCEPTED' as event_type,
        s.xp as base_xp,
        s.xp as final_xp,
        'answer ' || a.answer_id || ' accepted' as reason,
        jsonb_build_object('answer_id', a.answer_id, 'event_id', a.event_id) as metadata
    from accepted as a
    cross join xp_setting as s
    where
        s.xp > 0
        and not exists (
            select 1 from reward.xp_ledger as x
            where
                x.user_id = a.user_id and x.event_type = 'ANSWER_ACCEPTED'
                and x.metadata ->> 'answer_id' = a.answer_id
        )
    returning (metadata ->> 'event_id')::bigint as event_id
),

flagged as (
    select array_agg(distinct h.user_id) as user_ids
    from handed_out as h
    where h.event_type = 'abuse_flag.created'
),

trust_recomputed as (
    select sum(r.scores_changed) as scores_changed
    from flagged as f
    cross join lateral trust.recompute_trust_scores(coalesce(f.user_ids, '{}')) as r
)

select
    h.id,
    h.event_type,
    h.user_id,
    h.target_id,
    h.metadata,
    h.emitted_at,
    case
        when h.id in (select x.event_id from xp_awarded as x) then 'xp awarded'
        when h.event_type = 'abuse_flag.created' then 'trust recomputed'
    end as follow_up
from handed_out as h
cross join trust_recomputed
order by h.emitted_at, h.id
