-- Undo 0062 (seed 004 phase 1: ReputationLedger). Loses every reputation change.

drop table reward.reputation_ledger;
