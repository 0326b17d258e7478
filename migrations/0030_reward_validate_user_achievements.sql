-- Validate the user_achievements foreign key added NOT VALID by 0029.
-- VALIDATE scans under a lock that lets reads and writes through.

alter table reward.user_achievements validate constraint user_achievements_achievement_id_fkey;
