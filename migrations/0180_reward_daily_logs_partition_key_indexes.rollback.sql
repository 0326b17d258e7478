-- transactional: false
--
-- Undo 0180: drops the two indexes, CONCURRENTLY. No data is lost.

drop index concurrently if exists reward.idx_nudge_history_id_user_id_sent_on;
drop index concurrently if exists reward.idx_streak_events_id_user_id_on_date;
