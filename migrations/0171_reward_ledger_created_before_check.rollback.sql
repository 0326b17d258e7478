-- Undo 0171: the CHECKs go (catalog changes). No data is lost.

alter table reward.xp_ledger drop constraint if exists xp_ledger_created_before_partitioning;
alter table reward.xp_ledger drop constraint if exists xp_ledger_corrects_created_at_check;
alter table reward.reputation_ledger drop constraint if exists reputation_ledger_created_before_partitioning;
alter table reward.reputation_ledger drop constraint if exists reputation_ledger_corrects_created_at_check;
