-- name: apply_retention
-- description: Remove conversation logs, memory and processed events older than the retention settings, one batch
-- mode: write
-- schedule: */5 * * * *
-- schedule-role: gamedb_app
-- schedule-repeat: yes
-- param: batch_size int >= 1 <= 100000 = 5000 | most rows removed per table in this run
--
-- Each run removes at most batch_size rows per table, oldest first, in a
-- short transaction, skipping rows another transaction holds (SKIP LOCKED),
-- so it never holds long locks. It lists only the tables it removed rows
-- from: `gamedb query run apply_retention --repeat` runs batch after batch,
-- each committed, until nothing is left. Kept whatever their age:
-- conversation logs a training sample or a game session refers to (training
-- samples, exported or not, are never removed here), and unprocessed events.
-- Events and the bot's memory leave here only from the partition that holds
-- the rows written before their table was partitioned; the monthly
-- partitions go whole (maintain_partitions), so their rows are never
-- deleted one by one.
with settings as (
    select
        now() - make_interval(days => core.setting_numeric('retention_conversation_days')::integer)
            as conversations_before,
        now() - make_interval(days => core.setting_numeric('retention_event_log_days')::integer) as events_before
),

old_logs as (
    select l.id
    from chat.conversation_logs as l
    cross join settings as s
    where
        l.created_at < s.conversations_before
        and not exists (
            select 1 from chat.training_samples as t
            where t.conversation_log_id = l.id
        )
        and not exists (
            select 1 from play.game_sessions as g
            where g.conversation_log_id = l.id
        )
    order by l.created_at
    limit {{ batch_size }}
    for update of l skip locked
),

removed_logs as (
    delete from chat.conversation_logs as l
    using old_logs as o
    where l.id = o.id
    returning l.id
),

old_memory as (
    select
        m.id,
        m.created_at
    from chat.conversation_memory as m
    cross join settings as s
    where
        m.created_at < s.conversations_before
        and m.created_at < (
            select min(b.starts) from core.partition_bounds('chat.conversation_memory') as b
        )
    order by m.created_at
    limit {{ batch_size }}
    for update of m skip locked
),

removed_memory as (
    delete from chat.conversation_memory as m
    using old_memory as o
    where m.id = o.id and m.created_at = o.created_at
    returning m.id
),

old_events as (
    select e.id
    from core.event_logs as e
    cross join settings as s
    where
        e.processed_at < s.events_before
        and e.emitted_at < (
            select min(b.starts) from core.partition_bounds('core.event_logs') as b
        )
    order by e.processed_at
    limit {{ batch_size }}
    for update of e skip locked
),

removed_events as (
    delete from core.event_logs as e
    using old_events as o
    where e.id = o.id
    returning e.id
),

removed as (
    select
        'chat.conversation_logs' as table_name,
        count(*) as rows_removed
    from removed_logs
    union all
    select
        'chat.conversation_memory' as table_name,
        count(*) as rows_removed
    from removed_memory
    union all
    select
        'core.event_logs' as table_name,
        count(*) as rows_removed
    from removed_events
)

select
    r.table_name,
    r.rows_removed
from removed as r
where r.rows_removed > 0
order by r.table_name
