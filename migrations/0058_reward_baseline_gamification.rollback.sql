-- Undo 0058: drops the basic gamification tables. Loses points, levels,
-- achievement progress, badges, streaks and leaderboard snapshots.

drop table reward.leaderboard_snapshots;
drop table reward.streaks;
drop table reward.badge_grants;
drop table reward.badges;
drop table reward.achievement_progress;
drop table reward.levels;
drop table reward.points_ledger;
drop table reward.user_stats;
