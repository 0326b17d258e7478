-- transactional: false
--
-- Undo 0031: drops the index, CONCURRENTLY. No data is lost.

drop index concurrently if exists reward.idx_user_achievements_achievement_id;
