-- Undo 0036: back to the NOT VALID state 0035 left. No data is lost.

alter table learn.behavior_logs
drop constraint behavior_logs_metadata_check,
add constraint behavior_logs_metadata_check
check (core.check_jsonb_object(metadata, 'behavior_logs.metadata')) not valid;
