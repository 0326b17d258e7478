-- Undo 0127: the view computes its aggregates itself again (0086) and
-- recompute_trust_scores reads the view (0118); the function is dropped.

create or replace function trust.recompute_trust_scores(p_user_ids bigint[] default null)
returns table (scores_changed bigint, caches_changed bigint)
language sql security definer set search_path = pg_catalog, pg_temp as $$
    with updated as (
        update trust.trust_scores as t
        set
            score = c.score,
            mastery_reliability = c.mastery_reliability,
            nli_track_record = c.nli_track_record,
            community_validation = c.community_validation,
            account_age_trust = c.account_age_trust,
            interaction_entropy = c.interaction_entropy,
            vote_pattern_score = c.vote_pattern_score,
            similarity_flags = c.similarity_flags,
            abuse_flags = c.abuse_flags,
            historical_low = least(t.historical_low, c.score),
            historical_high = greatest(t.historical_high, c.score),
            last_updated = now()
        from trust.trust_components as c
        where
            t.user_id = c.user_id
            and (p_user_ids is null or t.user_id = any(p_user_ids))
            and (
                t.score, t.mastery_reliability, t.nli_track_record, t.community_validation, t.account_age_trust,
                t.interaction_entropy, t.vote_pattern_score, t.similarity_flags, t.abuse_flags
            ) is distinct from (
                c.score, c.mastery_reliability, c.nli_track_record, c.community_validation, c.account_age_trust,
                c.interaction_entropy, c.vote_pattern_score, c.similarity_flags, c.abuse_flags
            )
        returning t.user_id, t.score
    ),

    cached as (
        update core.users as u
        set trust_score_cache = up.score
        from updated as up
        where u.id = up.user_id and u.trust_score_cache <> up.score
        returning u.id
    )

    select
        (select count(*) from updated) as scores_changed,
        (select count(*) from cached) as caches_changed;
$$;

create or replace view trust.trust_components as
with mastery as (
    select
        m.user_id,
        avg(m.mastery) as mastery_reliability
    from learn.mastery_records as m
    group by m.user_id
),

fact_checks as (
    -- Five imaginary checks at the seed's default 0.7 keep a user with a
    -- single check from jumping to 0 or 1.
    select
        f.user_id,
        (count(*) filter (where f.safe_to_display) + 0.7 * 5) / (count(*) + 5) as nli_track_record
    from trust.fact_check_logs as f
    where f.user_id is not null
    group by f.user_id
),

received as (
    -- Laplace smoothing: no votes is 0.5, all upvotes tends to 1.
    select
        g.target_user_id as user_id,
        (sum(g.upvote_count) + 1.0) / (sum(g.vote_count) + 2) as community_validation
    from community.vote_graph as g
    group by g.target_user_id
),

given as (
    -- The share of a user's votes that came back: 1 - reciprocity,
    -- weighted by the votes of each pair.
    select
        g.voter_id as user_id,
        1 - sum(g.vote_count * g.reciprocity) / nullif(sum(g.vote_count), 0) as vote_pattern_score
    from community.vote_graph as g
    group by g.voter_id
),

flags as (
    select
        f.user_id,
        count(*) filter (where f.flag_type = 'SIMILARITY_HIGH') as similarity_flags,
        count(*) filter (where f.flag_type <> 'SIMILARITY_HIGH') as abuse_flags
    from trust.abuse_flags as f
    where f.status <> 'FALSE_POSITIVE'
    group by f.user_id
),

components as (
    select
        u.id as user_id,
        round(coalesce(m.mastery_reliability, 0.5), 4) as mastery_reliability,
        round(coalesce(fc.nli_track_record, 0.7), 4) as nli_track_record,
        round(coalesce(r.community_validation, 0.5), 4) as community_validation,
        -- Trust grows with age in whole days (so it changes once a day):
        -- none on the first day, full after 180 days.
        round(least(1, (current_date - u.created_at::date) / 180.0), 4) as account_age_trust,
        coalesce(e.entropy, 1) as interaction_entropy,
        round(coalesce(g.vote_pattern_score, 1), 4) as vote_pattern_score,
        coalesce(f.similarity_flags, 0)::integer as similarity_flags,
        coalesce(f.abuse_flags, 0)::integer as abuse_flags,
        -- No IP data is stored here: the risk another system measured is kept.
        coalesce(t.ip_clustering_risk, 0) as ip_clustering_risk
    from core.users as u
    left join trust.trust_scores as t on u.id = t.user_id
    left join mastery as m on u.id = m.user_id
    left join fact_checks as fc on u.id = fc.user_id
    left join received as r on u.id = r.user_id
    left join given as g on u.id = g.user_id
    left join trust.interaction_entropy as e on u.id = e.user_id
    left join flags as f on u.id = f.user_id
)

select
    c.*,
    trust.score_from_components(
        c.mastery_reliability, c.nli_track_record, c.community_validation, c.account_age_trust,
        c.interaction_entropy, c.vote_pattern_score, c.similarity_flags, c.abuse_flags, c.ip_clustering_risk
    ) as score
from components as c;

drop function trust.components_of(bigint[]);
