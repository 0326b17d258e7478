-- Undo 0024: drops user_achievements and the reward schema. Loses every unlock.

drop table reward.user_achievements;
drop schema reward;
