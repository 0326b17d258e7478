-- Undo 0029 (seed 003 rollback: Achievement, UserAchievement.achievementId).
-- Loses the achievement definitions and which definition each unlock names.

alter table reward.user_achievements drop column achievement_id;
drop table reward.achievements;
