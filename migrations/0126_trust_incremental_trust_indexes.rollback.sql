-- transactional: false
--
-- Undo 0126: drops the indexes, CONCURRENTLY, newest first. No data is lost.

drop index concurrently if exists core.idx_users_created_at;
drop index concurrently if exists trust.idx_abuse_flags_reviewed_at;
drop index concurrently if exists learn.idx_mastery_records_updated_at;
drop index concurrently if exists trust.idx_fact_check_logs_created_at;
