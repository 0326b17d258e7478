-- The trust engine and the abuse detectors as SQL, read by cron queries:
--   recompute_trust_scores  writes trust.trust_components into trust_scores;
--   detect_abuse            writes trust.abuse_findings into abuse_flags.
-- Both views compute from the data as it is now; running a job twice gives
-- the same rows, so the jobs are idempotent. Thresholds are settings (0085).

create view trust.interaction_entropy as
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
comment on view trust.interaction_entropy is
'Per voter, from the vote graph: votes given, distinct targets, and the normalised entropy of the targets (0..1).';

create function trust.score_from_components(
    mastery_reliability numeric,
    nli_track_record numeric,
    community_validation numeric,
    account_age_trust numeric,
    interaction_entropy numeric,
    vote_pattern_score numeric,
    similarity_flags integer,
    abuse_flags integer,
    ip_clustering_risk numeric
) returns numeric
language sql immutable parallel safe
return round(greatest(0, least(
    1,
    0.25 * mastery_reliability + 0.15 * nli_track_record + 0.25 * community_validation
    + 0.10 * account_age_trust + 0.10 * interaction_entropy + 0.15 * vote_pattern_score
    - 0.05 * similarity_flags - 0.10 * abuse_flags - 0.20 * ip_clustering_risk
)), 4);
comment on function trust.score_from_components(
    numeric, numeric, numeric, numeric, numeric, numeric, integer, integer, numeric
) is
'The one trust formula: 0.25 mastery + 0.15 NLI + 0.25 community + 0.10 age + 0.10 entropy + 0.15 vote pattern, '
'minus 0.05 per similarity flag, 0.10 per other abuse flag and 0.20 x IP clustering risk, clamped to 0..1.';

create view trust.trust_components as
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
comment on view trust.trust_components is
'Every user''s trust components computed from the data now, and the score trust.score_from_components gives.';

create type trust.abuse_flag_evidence_row as (source_table text, source_id bigint);
comment on type trust.abuse_flag_evidence_row is 'One evidence row of a finding: a table and the id of a row in it.';

create view trust.abuse_findings as
with settings as (
    select
        core.setting_numeric('abuse_vote_trading_min_votes') as trading_min_votes,
        core.setting_numeric('abuse_vote_trading_min_reciprocity') as trading_min_reciprocity,
        core.setting_numeric('abuse_serial_votes_per_day') as serial_votes_per_day,
        core.setting_numeric('abuse_low_entropy_min_votes') as entropy_min_votes,
        core.setting_numeric('abuse_low_entropy_max') as entropy_max,
        core.setting_numeric('abuse_similarity_min') as similarity_min,
        core.setting_numeric('abuse_similarity_window_days') as similarity_window_days
),

upvotes as (
    select v.*
    from community.user_votes as v
    where v.value > 0 and v.voter_id <> v.target_user_id
),

vote_trading as (
    -- Both users of a pair upvote each other, often and evenly: each of
    -- them gets a flag about the pair.
    select
        g.voter_id as user_id,
        g.target_user_id as partner_id,
        format('pair:%s-%s', least(g.voter_id, g.target_user_id), greatest(g.voter_id, g.target_user_id))
            as detector_key,
        g.upvote_count as upvotes_given,
        b.upvote_count as upvotes_received,
        least(g.reciprocity, b.reciprocity) as reciprocity
    from community.vote_graph as g
    inner join community.vote_graph as b on g.target_user_id = b.voter_id and g.voter_id = b.target_user_id
    cross join settings as s
    where
        g.upvote_count >= s.trading_min_votes
        and b.upvote_count >= s.trading_min_votes
        and least(g.reciprocity, b.reciprocity) >= s.trading_min_reciprocity
),

serial_votes as (
    select
        v.voter_id as user_id,
        v.target_user_id,
        (v.created_at at time zone 'UTC')::date as voted_on,
        count(*) as upvotes
    from upvotes as v
    group by v.voter_id, v.target_user_id, (v.created_at at time zone 'UTC')::date
),

near_duplicates as (
    -- Recent content against everything older: O(recent x all) in plain
    -- SQL; with pgvector an index on the embedding does this (README).
    select
        b.id,
        b.user_id,
        b.content_type,
        b.content_id,
        a.id as match_id,
        a.user_id as match_user_id,
        round(trust.cosine_similarity(a.embedding, b.embedding)::numeric, 4) as similarity
    from trust.content_embeddings as b
    cross join settings as s
    inner join trust.content_embeddings as a on (a.created_at, a.id) < (b.created_at, b.id)
    where
        b.created_at >= now() - make_interval(days => s.similarity_window_days::integer)
        and trust.cosine_similarity(a.embedding, b.embedding) >= s.similarity_min
)

select
    'VOTE_TRADING' as flag_type,
    t.user_id,
    t.detector_key,
    least(10, 2 + (t.upvotes_given + t.upvotes_received) / 5)::integer as severity,
    jsonb_build_object(
        'partner_id', t.partner_id, 'upvotes_given', t.upvotes_given, 'upvotes_received', t.upvotes_received,
        'reciprocity', t.reciprocity
    ) as details,
    array(
        select row(v.source_table, v.vote_id)::trust.abuse_flag_evidence_row from upvotes as v
        where
            (v.voter_id = t.user_id and v.target_user_id = t.partner_id)
            or (v.voter_id = t.partner_id and v.target_user_id = t.user_id)
    ) as evidence
from vote_trading as t
union all
select
    'SERIAL_VOTING' as flag_type,
    sv.user_id,
    format('serial:%s:%s', sv.target_user_id, sv.voted_on) as detector_key,
    least(10, 3 + sv.upvotes - s.serial_votes_per_day)::integer as severity,
    jsonb_build_object(
        'target_user_id', sv.target_user_id, 'voted_on', sv.voted_on, 'upvotes', sv.upvotes
    ) as details,
    array(
        select row(v.source_table, v.vote_id)::trust.abuse_flag_evidence_row from upvotes as v
        where
            v.voter_id = sv.user_id and v.target_user_id = sv.target_user_id
            and (v.created_at at time zone 'UTC')::date = sv.voted_on
    ) as evidence
from serial_votes as sv
cross join settings as s
where sv.upvotes >= s.serial_votes_per_day
union all
select
    'LOW_ENTROPY' as flag_type,
    e.user_id,
    'entropy' as detector_key,
    least(10, 1 + round(9 * (s.entropy_max - e.entropy) / s.entropy_max))::integer as severity,
    jsonb_build_object('votes_given', e.votes_given, 'targets', e.targets, 'entropy', e.entropy) as details,
    array(
        select row(v.source_table, v.vote_id)::trust.abuse_flag_evidence_row from upvotes as v
        where v.voter_id = e.user_id
    ) as evidence
from trust.interaction_entropy as e
cross join settings as s
where e.votes_given >= s.entropy_min_votes and e.entropy < s.entropy_max
union all
select
    'SIMILARITY_HIGH' as flag_type,
    d.user_id,
    format('content:%s', d.id) as detector_key,
    least(10, 4 + count(*))::integer as severity,
    jsonb_build_object(
        'content_type', min(d.content_type), 'content_id', min(d.content_id),
        'matches', jsonb_agg(
            jsonb_build_object('embedding_id', d.match_id, 'user_id', d.match_user_id, 'similarity', d.similarity)
            order by d.match_id
        )
    ) as details,
    array_prepend(
        row('trust.content_embeddings', d.id)::trust.abuse_flag_evidence_row,
        array_agg(row('trust.content_embeddings', d.match_id)::trust.abuse_flag_evidence_row order by d.match_id)
    ) as evidence
from near_duplicates as d
group by d.id, d.user_id;
comment on view trust.abuse_findings is
'What the detectors find now: vote trading (vote graph), serial voting (per UTC day), low interaction entropy, '
'near-duplicate content (embeddings). One row per flag (flag_type, user_id, detector_key), with its evidence.';
