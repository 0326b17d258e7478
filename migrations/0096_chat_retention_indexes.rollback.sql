-- transactional: false
--
-- Undo 0096: drops the index, CONCURRENTLY. No data is lost.

drop index concurrently if exists chat.idx_conversation_memory_created_at;
