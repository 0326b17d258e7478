-- Undo 0101: the event log is guarded by privileges only again.

drop trigger event_logs_guard on core.event_logs;
drop function core.guard_event_log();
