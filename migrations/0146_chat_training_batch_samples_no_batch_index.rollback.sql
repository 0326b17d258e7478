-- transactional: false
--
-- Undo 0146: the index on batch_id comes back, built CONCURRENTLY.

create index concurrently if not exists idx_training_batch_samples_batch_id
on chat.training_batch_samples (batch_id);
