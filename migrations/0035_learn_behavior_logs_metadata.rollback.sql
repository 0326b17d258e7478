-- Undo 0035 (seed 003 rollback: BehaviorLog.metadata). Loses every log's metadata.

alter table learn.behavior_logs drop column metadata;
