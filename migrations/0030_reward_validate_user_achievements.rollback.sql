-- Undo 0030: back to the NOT VALID state 0029 left (dropped and added again,
-- no scan). No data is lost.

alter table reward.user_achievements
drop constraint user_achievements_achievement_id_fkey,
add constraint user_achievements_achievement_id_fkey
foreign key (achievement_id) references reward.achievements (id) not valid;
