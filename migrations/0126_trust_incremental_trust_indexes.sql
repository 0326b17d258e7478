-- transactional: false
--
-- Indexes for the incremental trust recompute (recompute_trust_scores):
-- each hourly run finds what changed since its watermark by time, in
-- fact-checks, mastery records, flag reviews and new accounts, instead of
-- reading those tables whole. Built CONCURRENTLY on live tables (an
-- interrupted build is rebuilt by `gamedb migrate`).

create index concurrently idx_fact_check_logs_created_at on trust.fact_check_logs (created_at);
create index concurrently idx_mastery_records_updated_at on learn.mastery_records (updated_at);
create index concurrently idx_abuse_flags_reviewed_at on trust.abuse_flags (reviewed_at);
create index concurrently idx_users_created_at on core.users (created_at);
