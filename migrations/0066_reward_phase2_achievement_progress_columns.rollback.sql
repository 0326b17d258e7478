-- Undo 0066 (seed 004 phase 2, AchievementProgress): loses the anti-gaming fields.

alter table reward.achievement_progress
drop column validated_count,
drop column day_span,
drop column last_date,
drop column first_date,
drop column unique_users;
