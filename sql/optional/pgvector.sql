-- Near-duplicate detection through pgvector, where the server has it.
-- Run once as a superuser (pgvector is not a trusted extension), after
-- `gamedb migrate` has applied 0009_trust_baseline (trust.near_duplicates_since),
-- on a live database:
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f sql/optional/pgvector.sql
-- Undo with sql/optional/pgvector.rollback.sql.
--
-- The embeddings stay real[]; the index is on their cast to vector(384),
-- so no column is rewritten and the other paths keep working. Built
-- CONCURRENTLY: writers of embeddings go on while it builds (HNSW builds
-- take minutes at hundreds of thousands of rows). If the build is
-- interrupted it leaves an INVALID index that trust.near_duplicates_since
-- ignores and `gamedb verify` reports: drop it with the rollback file and
-- run this file again. When the index is valid, trust.near_duplicates_since
-- compares each new item with its nearest items through it.
--
-- HNSW is approximate: how many true near-duplicates a lookup finds grows
-- with hnsw.ef_search (pgvector's default 40). Among 100,000 uniformly
-- random embeddings (the hardest case: real texts cluster), 50 planted
-- copies were found 47 times at 40, 49 at 100 and 50 at 200, at 9.7, 18
-- and 28 ms per new item. To trade time for recall, a DBA sets it for the
-- database: alter database <name> set hnsw.ef_search = 100;

create extension if not exists vector;

-- The build is much faster while the whole graph fits in memory (about
-- 2 GB per million embeddings of 384 numbers); for this session only.
set maintenance_work_mem = '1GB';

create index concurrently if not exists idx_content_embeddings_ann
on trust.content_embeddings using hnsw ((embedding::vector(384)) vector_cosine_ops);

comment on index trust.idx_content_embeddings_ann is
'Nearest embeddings by cosine distance (pgvector HNSW), read by trust.near_duplicates_since; optional, '
'built by sql/optional/pgvector.sql.';
