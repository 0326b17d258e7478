-- phase: post-deploy
--
-- The trust components read the vote totals (community.user_vote_totals,
-- kept by refresh_vote_graph since 0143) instead of summing the vote graph
-- for every user they score: votes and upvotes received, how much of what
-- a user gave came back, and the entropy of whom the votes went to are one
-- row per user now. An hourly recompute of the users touched by 1% new
-- votes (16,000 of 100,000 users at 500,000 votes) summed their pairs
-- with three scans of the graph and an entropy over 90,000 pairs; it now
-- reads their rows.
--
-- trust.interaction_entropy (read by the low-entropy detector) becomes the
-- totals' voters, with its columns as before; its formula is now in
-- community.recount_vote_totals, once, in double precision (a value can
-- differ from the numeric one in the fourth decimal, at a rounding edge).
--
-- After the code deploy: until then the previous release's refresh writes
-- the graph and not the totals. The totals are counted here from the graph
-- as it is (one aggregate of the graph, under the refresh's lock, before
-- the view is replaced: the view's lock is held only to the commit), and
-- the deployed refresh keeps them from then on.
--
-- A view and a function replaced, with the same columns.

select pg_advisory_xact_lock(hashtextextended('community.refresh_vote_graph', 0));
select community.recount_vote_totals(null);

create or replace view trust.interaction_entropy as
select
    v.user_id,
    v.votes_given::bigint as votes_given,
    v.pairs_given::bigint as targets,
    v.given_entropy as entropy
from community.user_vote_totals as v
where v.pairs_given > 0;

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
        -- Laplace smoothing: no votes is 0.5, all upvotes tends to 1.
        round(coalesce((v.upvotes_received + 1.0) / (v.votes_received + 2), 0.5), 4) as community_validation,
        -- Trust grows with age in whole days (so it changes once a day):
        -- none on the first day, full after 180 days.
        round(least(1, (current_date - u.created_at::date) / 180.0), 4) as account_age_trust,
        coalesce(v.given_entropy, 1) as interaction_entropy,
        -- The share of a user's votes that came back: 1 - reciprocity,
        -- weighted by the votes of each pair.
        round(coalesce(1 - v.votes_returned / nullif(v.votes_given, 0), 1), 4) as vote_pattern_score,
        coalesce(f.similarity_flags, 0)::integer as similarity_flags,
        coalesce(f.abuse_flags, 0)::integer as abuse_flags,
        -- No IP data is stored here: the risk another system measured is kept.
        coalesce(t.ip_clustering_risk, 0) as ip_clustering_risk
    from core.users as u
    left join trust.trust_scores as t on u.id = t.user_id
    left join mastery as m on u.id = m.user_id
    left join fact_checks as fc on u.id = fc.user_id
    left join community.user_vote_totals as v on u.id = v.user_id
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
