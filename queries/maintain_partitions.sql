-- name: maintain_partitions
-- description: Create the coming months of the partitioned logs and drop the months past their retention
-- mode: write
-- schedule: 20 2 * * *
-- schedule-role: gamedb_app
-- param: months_ahead int >= 1 <= 24 = 3 | months after this one that must already have their partition
--
-- The tables listed in core.partitioned_tables (the event log, the bot's
-- conversation memory, the learners' behaviour log) are partitioned by
-- month: a row can only be written if its month's partition exists, so
-- the months ahead are created long before they start (a daily run that
-- fails for weeks still leaves months of room; the invariant
-- partitions_ahead says so before it matters). A month is dropped whole once its last day is older than the table's
-- retention setting (retention_event_log_days, retention_conversation_days)
-- and no row in it is one the table keeps (an event not yet processed): no
-- DELETE, no bloat. Lists what it created and dropped.
select
    m.table_name,
    m.partition_name,
    m.action
from core.maintain_partitions({{ months_ahead }}) as m
order by m.action, m.partition_name
