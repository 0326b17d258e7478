-- Undo 0080: snapshots can be changed again. Loses each snapshot's previous rank.

drop trigger leaderboard_snapshots_no_truncate on reward.leaderboard_snapshots;
drop trigger leaderboard_snapshots_immutable on reward.leaderboard_snapshots;
comment on column reward.leaderboard_snapshots.score is null;
alter table reward.leaderboard_snapshots drop column previous_rank;
