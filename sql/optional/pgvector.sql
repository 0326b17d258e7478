-- Near-duplicate detection through pgvector, where the server has it.
-- Run once as a superuser (pgvector is not a trusted extension), after
-- `gamedb migrate` has applied 0152, on a live database:
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f sql/optional/pgvector.sql
-- Undo with sql/optional/pgvector.rollback.sql.
--
-- The embeddings stay real[]; the index is on their cast to vector(384),
-- so no column is rewritten and the other paths keep working. Built
-- CONCURRENTLY: writers of embeddings go on while it builds (HNSW builds
-- take minutes at hundreds of thousands of rows). If the build is
-- interrupted it leaves an INVALID index that trust.near_duplicates_since
-- ignores and `gamedb verify` reports: drop it with the rollback file and
-- run this file again. When the index is valid, near_duplicates_since
-- (0152) compares each new item with its nearest items through it.

create extension if not exists vector;

create index concurrently if not exists idx_content_embeddings_ann
on trust.content_embeddings using hnsw ((embedding::vector(384)) vector_cosine_ops);

comment on index trust.idx_content_embeddings_ann is
'Nearest embeddings by cosine distance (pgvector HNSW), read by trust.near_duplicates_since; optional, '
'built by sql/optional/pgvector.sql.';
