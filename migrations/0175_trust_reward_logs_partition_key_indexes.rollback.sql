-- transactional: false
--
-- Undo 0175: drops the three indexes, CONCURRENTLY. No data is lost.

drop index concurrently if exists trust.idx_fact_check_logs_id_created_at;
drop index concurrently if exists trust.idx_moderation_logs_id_created_at;
drop index concurrently if exists reward.idx_award_changes_id_user_id_created_at;
