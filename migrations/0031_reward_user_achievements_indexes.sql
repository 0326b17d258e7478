-- transactional: false
--
-- Index for the user_achievements foreign key of 0029, built CONCURRENTLY on
-- the live table (see 0014 for what to do if a build fails).

create index concurrently idx_user_achievements_achievement_id
on reward.user_achievements (achievement_id);
