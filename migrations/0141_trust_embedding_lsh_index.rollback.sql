-- transactional: false
--
-- Undo 0141: drops the two indexes, CONCURRENTLY. No data is lost.

drop index concurrently if exists trust.idx_content_embeddings_created_at;
drop index concurrently if exists trust.idx_content_embeddings_lsh_buckets;
