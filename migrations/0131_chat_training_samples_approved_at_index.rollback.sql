-- transactional: false
--
-- Undo 0131: drops the index, CONCURRENTLY. No data is lost.

drop index concurrently if exists chat.idx_training_samples_approved_at;
