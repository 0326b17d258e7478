-- transactional: false
--
-- First of three steps that turn three more logs into tables partitioned by
-- month of created_at, as 0161-0163 did for the behaviour log:
-- trust.fact_check_logs (every fact check of AI-generated text),
-- trust.moderation_logs (every moderation action) and reward.award_changes
-- (every award a rule run granted or revoked). Each grows with activity,
-- for ever, is only appended to and read by time or by user; partitioned,
-- reads that bound the time touch only their months, each month is
-- vacuumed on its own and can later be archived or dropped whole.
--
-- A partitioned table's primary key must hold its partition key: the keys
-- become (id, created_at), and (id, user_id, created_at) for the award
-- changes, which live on their user's shard on Citus. This builds their
-- indexes on the existing tables CONCURRENTLY (the logs go on being
-- written); 0177-0179 promote them to the primary keys without a scan. An
-- interrupted build is rebuilt by `gamedb migrate`.

create unique index concurrently idx_fact_check_logs_id_created_at
on trust.fact_check_logs (id, created_at);
create unique index concurrently idx_moderation_logs_id_created_at
on trust.moderation_logs (id, created_at);
create unique index concurrently idx_award_changes_id_user_id_created_at
on reward.award_changes (id, user_id, created_at);
