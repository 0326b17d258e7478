-- Undo 0122: the rollup goes (the leaderboard of that release reads it);
-- the ledger keeps every award.

delete from core.table_access
where table_name = 'reward.xp_period_totals';
drop trigger xp_ledger_add_to_periods on reward.xp_ledger;
drop function reward.add_to_xp_periods();
drop table reward.xp_period_totals;
