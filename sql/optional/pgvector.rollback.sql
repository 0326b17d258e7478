-- Undo sql/optional/pgvector.sql: near-duplicates go back to the
-- locality-sensitive buckets at once (trust.near_duplicates_since looks
-- for the index on every call). The vector extension stays: other
-- objects may use it, and dropping it is the DBA's decision (`drop
-- extension vector` once nothing depends on it).
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f sql/optional/pgvector.rollback.sql

drop index concurrently if exists trust.idx_content_embeddings_ann;
