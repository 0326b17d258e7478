-- Undo 0061 (seed 004 phase 1: EventLog). Loses the event log.

drop table core.event_logs;
