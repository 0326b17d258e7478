-- Undo 0142: trust.abuse_findings_of compares near-duplicates exhaustively
-- again (its 0133 definition) and trust.near_duplicates_since goes.

create or replace function trust.abuse_findings_of(p_user_ids bigint[], p_content_since timestamptz)
returns table (
    flag_type text,
    user_id bigint,
    detector_key text,
    severity integer,
    details jsonb,
    evidence trust.abuse_flag_evidence_row[]
)
language plpgsql stable set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_column
begin
    return query
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
    where
        v.value > 0 and v.voter_id <> v.target_user_id
        and (p_user_ids is null or v.voter_id = any(p_user_ids) or v.target_user_id = any(p_user_ids))
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
        and (p_user_ids is null or g.voter_id = any(p_user_ids) or g.target_user_id = any(p_user_ids))
),

serial_votes as (
    select
        v.voter_id as user_id,
        v.target_user_id,
        (v.created_at at time zone 'UTC')::date as voted_on,
        count(*) as upvotes
    from upvotes as v
    where p_user_ids is null or v.voter_id = any(p_user_ids)
    group by v.voter_id, v.target_user_id, (v.created_at at time zone 'UTC')::date
),

near_duplicates as (
    -- Recent content (or, given p_content_since, content new since then)
    -- against everything older: O(new x all) in plain SQL; with pgvector
    -- an index on the embedding does this (README).
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
        and b.created_at >= coalesce(p_content_since, '-infinity')
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
where
    e.votes_given >= s.entropy_min_votes and e.entropy < s.entropy_max
    and (p_user_ids is null or e.user_id = any(p_user_ids))
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
end;
$$;
drop function trust.near_duplicates_since(timestamptz);
