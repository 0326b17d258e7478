-- Near-duplicates through pgvector's HNSW index where the database has it.
--
-- pgvector is an extension a DBA installs, not something every server has:
-- gamedb keeps embeddings as real[] (0139's buckets work everywhere), and
-- sql/optional/pgvector.sql, run once by a superuser where the package is
-- present, creates the extension and an HNSW index on the embeddings cast
-- to vector(384), CONCURRENTLY. From then on trust.near_duplicates_since
-- looks up each new item's nearest items through that index: the cost per
-- new item is an index descent, whatever the number of embeddings and
-- whatever the threshold (the buckets need 0.9 or more). Without the
-- index (or while a concurrent build has left it invalid) the function
-- behaves as 0142 made it.
--
-- A new item is compared with its 40 nearest items (pgvector's default
-- hnsw.ef_search: one index scan returns at most that many), and the exact
-- cosine of trust.cosine_similarity still decides: up to 40 matches per
-- new item (a flag's severity stops growing at six). HNSW is approximate,
-- as the buckets are: how many true pairs it finds grows with
-- hnsw.ef_search, which a DBA may raise for the database
-- (sql/optional/pgvector.sql has the figures). A newer neighbour is
-- dropped here: its pair is found when it is the new item. The index
-- lookup is dynamic SQL, with the extension's schema read from the
-- catalogue, so that this function compiles and runs on a server that has
-- never heard of pgvector.
--
-- Function body only; no data, no lock beyond the function's.

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
    -- The schema pgvector was created in (quoted as an identifier), when its index on the embeddings
    -- is there and valid.
    vector_schema text := (
        select e.extnamespace::regnamespace::text
        from pg_extension as e
        where
            e.extname = 'vector'
            and exists (
                select from pg_index as i
                where i.indexrelid = to_regclass('trust.idx_content_embeddings_ann') and i.indisvalid
            )
    );
begin
    if vector_schema is not null then
        -- Nearest neighbours: each new item's 40 nearest through the HNSW index.
        return query execute format(
            $sql$
            select
                b.id,
                b.user_id,
                b.content_type,
                b.content_id,
                a.id,
                a.user_id,
                round(trust.cosine_similarity(a.embedding, b.embedding)::numeric, 4)
            from trust.content_embeddings as b
            cross join lateral (
                select c.id, c.user_id, c.created_at, c.embedding
                from trust.content_embeddings as c
                order by c.embedding::%1$s.vector(384) operator(%1$s.<=>) b.embedding::%1$s.vector(384)
                limit 40
            ) as a
            where
                b.created_at >= $1
                and (a.created_at, a.id) < (b.created_at, b.id)
                and trust.cosine_similarity(a.embedding, b.embedding) >= $2
            $sql$,
            vector_schema
        ) using since, similarity_min;
    elsif similarity_min < 0.9 then
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
'abuse_similarity_min alike; candidates are the 40 nearest through pgvector''s HNSW index where '
'sql/optional/pgvector.sql built it, else those sharing a locality-sensitive bucket (threshold 0.9 or more).';
