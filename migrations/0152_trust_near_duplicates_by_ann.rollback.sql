-- Undo 0152: trust.near_duplicates_since reads the locality-sensitive
-- buckets (or every pair below a threshold of 0.9) whatever indexes exist,
-- its 0142 definition. An HNSW index built by sql/optional/pgvector.sql
-- stays until sql/optional/pgvector.rollback.sql drops it.

create or replace function trust.near_duplicates_since(p_content_since timestamptz)
returns table (
    id bigint,
    user_id bigint,
    content_type text,
    content_id bigint,
    match_id bigint,
    match_user_id bigint,
    similarity numeric
)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
    similarity_min double precision := core.setting_numeric('abuse_similarity_min');
    since timestamptz := greatest(
        now() - make_interval(days => core.setting_numeric('abuse_similarity_window_days')::integer),
        coalesce(p_content_since, '-infinity')
    );
begin
    if similarity_min < 0.9 then
        -- Exhaustive: every new item against every older one.
        return query
        select
            b.id,
            b.user_id,
            b.content_type,
            b.content_id,
            a.id,
            a.user_id,
            round(trust.cosine_similarity(a.embedding, b.embedding)::numeric, 4)
        from trust.content_embeddings as b
        inner join trust.content_embeddings as a on (a.created_at, a.id) < (b.created_at, b.id)
        where b.created_at >= since and trust.cosine_similarity(a.embedding, b.embedding) >= similarity_min;
    else
        -- Bounded: each new item against the older items sharing one of its buckets.
        return query
        select
            b.id,
            b.user_id,
            b.content_type,
            b.content_id,
            a.id,
            a.user_id,
            round(trust.cosine_similarity(a.embedding, b.embedding)::numeric, 4)
        from trust.content_embeddings as b
        inner join trust.content_embeddings as a
            on a.lsh_buckets && b.lsh_buckets and (a.created_at, a.id) < (b.created_at, b.id)
        where b.created_at >= since and trust.cosine_similarity(a.embedding, b.embedding) >= similarity_min;
    end if;
end;
$$;
comment on function trust.near_duplicates_since(timestamptz) is
'Content created since the time given (null: the similarity window) with every older item at least '
'abuse_similarity_min alike; candidates share a locality-sensitive bucket when the threshold is 0.9 or more.';
