-- Undo 0081: drops the view. No data is lost.

drop view reward.user_ledger_totals;
