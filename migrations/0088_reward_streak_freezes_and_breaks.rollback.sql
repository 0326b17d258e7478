-- Undo 0088: streaks without freezes being spent or breaks recorded. Loses
-- the streak events and settled_on (freezes already spent stay spent).

drop function reward.settle_streaks(date);
drop function reward.record_streak_activity(bigint, date);
drop table reward.streak_events;
alter table reward.streaks drop column settled_on;
delete from core.gamification_settings
where key in ('streak_freeze_every_days', 'streak_max_freezes');
