-- transactional: false
--
-- apply_retention removes conversation memory by age, oldest first, in
-- small batches: it needs an index on created_at to find them without a
-- scan (conversation logs and processed events have theirs). Built
-- CONCURRENTLY on the live table; see 0014 for what to do if it fails.

create index concurrently idx_conversation_memory_created_at on chat.conversation_memory (created_at);
