-- name: process_event_log
-- description: Hand out unprocessed events, oldest first, marking them processed (each at most once)
-- mode: write
-- schedule: * * * * *
-- param: max_rows int >= 1 <= 1000000 = 1000 | most events to hand out in this run
-- param: event_types text[] = null | only these event types
--
-- An event is marked processed in the same transaction that prints it, and
-- only if it was not yet: two runs never hand out the same event. If the
-- output breaks, nothing is marked and the events wait for the next run.
with picked as (
    select e.id
    from core.event_logs as e
    where
        e.processed_at is null
        {% if event_types %}
        and e.event_type = any({{ event_types }})
        {% endif %}
    order by e.emitted_at, e.id
    limit {{ max_rows }}
    for update skip locked
)

update core.event_logs as e
set processed_at = greatest(now(), e.emitted_at)
from picked as p
where e.id = p.id and e.processed_at is null
returning e.id, e.event_type, e.user_id, e.target_id, e.metadata, e.emitted_at
