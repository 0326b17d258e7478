-- transactional: false
--
-- Indexes on live tables, built CONCURRENTLY (see 0014 for what to do if a
-- build fails):
--   * the award provenance columns of the grant tables (0087), for their
--     foreign keys: finding a run's or a rule version's grants;
--   * one flag per detector finding: the key detect_abuse's ON CONFLICT uses
--     (flags raised by hand have no detector_key and are not constrained);
--   * reputation rows by source_id: confirming a serial-voting flag finds
--     the rows its votes produced.

create index concurrently idx_badge_grants_run_id on reward.badge_grants (run_id);

create index concurrently idx_badge_grants_rule_version on reward.badge_grants (rule_id, rule_version);

create index concurrently idx_user_achievements_run_id on reward.user_achievements (run_id);

create index concurrently idx_user_achievements_rule_version on reward.user_achievements (rule_id, rule_version);

create unique index concurrently abuse_flags_detector_key on trust.abuse_flags (flag_type, user_id, detector_key);

create index concurrently idx_reputation_ledger_source_id on reward.reputation_ledger (source_id);
