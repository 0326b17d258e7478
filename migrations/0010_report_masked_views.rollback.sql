-- Undo 0010: the masked views.

drop view report.users;
drop view report.flow_runs;
drop view report.conversation_logs;
