-- transactional: false
--
-- Undo 0090: drops the indexes, CONCURRENTLY, newest first. No data is lost.

drop index concurrently if exists reward.idx_reputation_ledger_source_id;
drop index concurrently if exists trust.abuse_flags_detector_key;
drop index concurrently if exists reward.idx_user_achievements_rule_version;
drop index concurrently if exists reward.idx_user_achievements_run_id;
drop index concurrently if exists reward.idx_badge_grants_rule_version;
drop index concurrently if exists reward.idx_badge_grants_run_id;
