-- name: sync_quest_progress
-- description: Store a child's progress from the partner platform; refused (exit 3) without consent
-- mode: write
-- param: user_id int >= 1 | the child's account
-- param: quest_id int >= 1 | the quest
-- param: current_step int >= 0 | step reached
-- param: completed bool = false | finished the quest
-- param: new_sessions int >= 0 = 0 | play sessions since the last sync
-- param: new_minutes numeric = 0 | minutes played since the last sync
insert into quest.quest_progress as p (
    user_id, quest_id, current_step, completed, session_count, total_time_minutes, last_played_at
)
values (
    {{ user_id }}::bigint, {{ quest_id }}::bigint, {{ current_step }}::integer, {{ completed }}::boolean,
    {{ new_sessions }}::integer, {{ new_minutes }}::numeric, now()
)
on conflict (user_id, quest_id) do update
    set
        current_step = excluded.current_step,
        completed = p.completed or excluded.completed,
        session_count = p.session_count + excluded.session_count,
        total_time_minutes = p.total_time_minutes + excluded.total_time_minutes,
        last_played_at = excluded.last_played_at
returning user_id, quest_id, current_step, completed, session_count, total_time_minutes
