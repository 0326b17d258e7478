-- Undo 0147: the trust components and the entropy view sum the vote graph
-- again (0127's function, 0086's view).

create or replace function trust.components_of(p_user_ids bigint[])
returns table (
    user_id bigint,
    mastery_reliability numeric,
    nli_track_record numeric,
    community_validation numeric,
    account_age_trust numeric,
    interaction_entropy numeric,
    vote_pattern_score numeric,
    similarity_flags integer,
    abuse_flags integer,
    ip_clustering_risk numeric,
    score numeric
)
language sql stable as $$
with mastery as (
    select
        m.user_id,
        avg(m.mastery) as mastery_reliability
    from learn.mastery_records as m
    where p_user_ids is null or m.user_id = any(p_user_ids)
    group by m.user_id
),

fact_checks as (
    -- Five imaginary checks at the seed's default 0.7 keep a user with a
    -- single check from jumping to 0 or 1.
    select
        f.user_id,
        (count(*) filter (where f.safe_to_display) + 0.7 * 5) / (count(*) + 5) as nli_track_record
    from trust.fact_check_logs as f
    where f.user_id is not null and (p_user_ids is null or f.user_id = any(p_user_ids))
    group by f.user_id
),

received as (
    -- Laplace smoothing: no votes is 0.5, all upvotes tends to 1.
    select
        g.target_user_id as user_id,
        (sum(g.upvote_count) + 1.0) / (sum(g.vote_count) + 2) as community_validation
    from community.vote_graph as g
    where p_user_ids is null or g.target_user_id = any(p_user_ids)
    group by g.target_user_id
),

given as (
    -- The share of a user's votes that came back: 1 - reciprocity,
    -- weighted by the votes of each pair.
    select
        g.voter_id as user_id,
        1 - sum(g.vote_count * g.reciprocity) / nullif(sum(g.vote_count), 0) as vote_pattern_score
    from community.vote_graph as g
    where p_user_ids is null or g.voter_id = any(p_user_ids)
    group by g.voter_id
),

flags as (
    select
        f.user_id,
        count(*) filter (where f.flag_type = 'SIMILARITY_HIGH') as similarity_flags,
        count(*) filter (where f.flag_type <> 'SIMILARITY_HIGH') as abuse_flags
    from trust.abuse_flags as f
    where f.status <> 'FALSE_POSITIVE' and (p_user_ids is null or f.user_id = any(p_user_ids))
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
    left join trust.interaction_entropy as e
        on u.id = e.user_id and (p_user_ids is null or e.user_id = any(p_user_ids))
    left join flags as f on u.id = f.user_id
    where p_user_ids is null or u.id = any(p_user_ids)
)

select
    c.*,
    trust.score_from_components(
        c.mastery_reliability, c.nli_track_record, c.community_validation, c.account_age_trust,
        c.interaction_entropy, c.vote_pattern_score, c.similarity_flags, c.abuse_flags, c.ip_clustering_risk
    ) as score
from components as c;
$$;
create or replace view trust.interaction_entropy as
with shares as (
    select
        g.voter_id,
        g.vote_count,
        sum(g.vote_count) over (partition by g.voter_id) as votes_given
    from community.vote_graph as g
    where g.vote_count > 0
)

select
    voter_id as user_id,
    max(votes_given) as votes_given,
    count(*) as targets,
    -- Shannon entropy of whom the votes went to, divided by its maximum
    -- ln(votes_given) (every vote to a different person): 1 is as spread
    -- as possible, 0 is every vote to one person. One vote counts as 1.
    case
        when max(votes_given) > 1
            then round(
                    least(
                        1, -sum((vote_count::numeric / votes_given) * ln(vote_count::numeric / votes_given))
                        / ln(max(votes_given)::numeric)
                    ),
                    4
                )
        else 1
    end as entropy
from shares
group by voter_id;
