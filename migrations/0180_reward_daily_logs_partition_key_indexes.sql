-- transactional: false
--
-- First of four steps that turn the two logs kept "once a day" into tables
-- partitioned by month of that day: reward.nudge_history (every nudge
-- sent, at most one of a kind per user per day, by sent_on) and
-- reward.streak_events (every streak freeze spent or earned and every
-- break, at most one of a kind per user per day, by on_date). Both grow
-- with activity, for ever, are only appended to (a nudge is also marked
-- opened) and read by user and by time; partitioned, a read that bounds
-- the day touches only its months and each month is vacuumed on its own.
--
-- They are partitioned by the day, not by a timestamp, because their
-- "once a day" unique keys hold the day: a partitioned table's unique keys
-- must hold its partition key, and these keep working unchanged. The
-- primary keys become (id, user_id, day): this builds their indexes on the
-- existing tables CONCURRENTLY (the logs go on being written); 0183 and
-- 0184 promote them to the primary keys without a scan. An interrupted
-- build is rebuilt by `gamedb migrate`.

create unique index concurrently idx_nudge_history_id_user_id_sent_on
on reward.nudge_history (id, user_id, sent_on);
create unique index concurrently idx_streak_events_id_user_id_on_date
on reward.streak_events (id, user_id, on_date);
