-- Undo 0033 (seed 003 rollback: NudgeHistory). Loses the record of every nudge sent.

drop table reward.nudge_history;
