-- transactional: false
--
-- First of three steps that turn learn.behavior_logs, what every learner
-- did and when, into a table partitioned by month of created_at (0163 says
-- why), on a live database, as 0157-0159 did for the bot's memory. A
-- partitioned table's primary key must hold its partition key, so the key
-- becomes (id, user_id, created_at): this builds its index on the existing
-- table CONCURRENTLY (learners go on being logged), and 0163 promotes it to
-- the primary key without a scan. An interrupted build is rebuilt by
-- `gamedb migrate`.

create unique index concurrently idx_behavior_logs_id_user_id_created_at
on learn.behavior_logs (id, user_id, created_at);
