-- transactional: false
--
-- Undo 0157: drops the index, CONCURRENTLY. No data is lost.

drop index concurrently if exists chat.idx_conversation_memory_id_user_id_created_at;
