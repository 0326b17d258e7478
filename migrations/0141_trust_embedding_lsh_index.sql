-- transactional: false
--
-- The indexes near-duplicate detection reads (0142): candidates sharing a
-- bucket through GIN on lsh_buckets (the && operator), and the content
-- created since a time through created_at (detect_abuse read the whole
-- table to find the recent items). Built CONCURRENTLY: content goes on
-- being written; an interrupted build is rebuilt by `gamedb migrate`.

create index concurrently idx_content_embeddings_lsh_buckets on trust.content_embeddings using gin (lsh_buckets);
create index concurrently idx_content_embeddings_created_at on trust.content_embeddings (created_at);
