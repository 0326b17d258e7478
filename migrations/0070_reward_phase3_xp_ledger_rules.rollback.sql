-- Undo 0070: drops the XP ledger row rules. No data is lost.

alter table reward.xp_ledger drop constraint xp_ledger_final_xp_check;
alter table reward.xp_ledger drop constraint xp_ledger_breakdown_present_check;
