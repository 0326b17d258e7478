-- Undo 0137: the CHECK goes (a catalog change). No data is lost.

alter table core.event_logs drop constraint if exists event_logs_emitted_before_partitioning;
