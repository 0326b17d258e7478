-- name: recompute_trust_scores
-- description: Bring trust scores up to date with what changed, keeping the historical low and high
-- mode: write
-- schedule: 30 * * * *
-- schedule-after: detect_abuse
-- param: recompute_all bool = false | recompute every user, not only those whose components may have changed
--
-- The components and the one formula are trust.trust_components and
-- trust.score_from_components; trust.recompute_trust_scores writes them
-- (process_event_log calls it at once for a newly flagged user). Only
-- scores that changed are written, so a second run writes nothing.
-- historical_low and historical_high only ever widen;
-- core.users.trust_score_cache follows the score. Run refresh_vote_graph
-- and detect_abuse first: they feed the components.
--
-- Incremental: only the users whose components may have changed since the
-- watermark (core.job_watermarks) are recomputed: who voted or retracted
-- and whose content it was (the vote graph's received and given sides),
-- who was flagged or had a flag reviewed, who got a fact-check or a
-- mastery record. Account age is the one component that moves by itself,
-- and only for accounts younger than the 180 days it takes to reach 1:
-- the first run of each day (UTC) recomputes those, never the older ones.
-- The first run ever and recompute_all=true recompute everyone; both paths
-- give the same scores.
with progress as (
    select
        w.since,
        {{ recompute_all }}::boolean or w.is_first_run as is_full,
        w.is_first_of_day
    from core.job_window('recompute_trust_scores') as w
),

vote_events as (
    select
        e.user_id,
        e.metadata
    from core.event_logs as e
    cross join progress as p
    where
        not p.is_full
        and e.event_type in ('vote.cast', 'vote.retracted', 'abuse_flag.created')
        and e.emitted_at >= p.since
),

touched as (
    select v.user_id from vote_events as v
    union
    select a.author_id from vote_events as v
    inner join community.answers as a on a.id = (v.metadata ->> 'answer_id')::bigint
    union
    select d.author_id from vote_events as v
    inner join community.doubts as d on d.id = (v.metadata ->> 'doubt_id')::bigint
    union
    select f.user_id from trust.abuse_flags as f
    cross join progress as p
    where not p.is_full and f.reviewed_at >= p.since
    union
    select c.user_id from trust.fact_check_logs as c
    cross join progress as p
    where not p.is_full and c.created_at >= p.since and c.user_id is not null
    union
    select m.user_id from learn.mastery_records as m
    cross join progress as p
    where not p.is_full and m.updated_at >= p.since
    union
    select u.id from core.users as u
    cross join progress as p
    where not p.is_full and p.is_first_of_day and u.created_at > now() - interval '181 days'
),

touched_ids as (
    select coalesce(array_agg(t.user_id), '{}') as user_ids
    from touched as t
    where t.user_id is not null
),

recomputed as (
    -- null: everyone
    select
        r.scores_changed,
        r.caches_changed
    from progress as p
    cross join touched_ids as i
    cross join lateral trust.recompute_trust_scores(case when not p.is_full then i.user_ids end) as r
),

advanced as (
    select core.advance_job_watermark('recompute_trust_scores', p.is_full or p.is_first_of_day) as advanced
    from progress as p
)

select
    (select p.is_full from progress as p) as full_recompute,
    (select count(*) from touched) as users_touched,
    r.scores_changed,
    r.caches_changed,
    (select a.advanced from advanced as a) as watermark_advanced
from recomputed as r
