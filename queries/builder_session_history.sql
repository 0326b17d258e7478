-- name: builder_session_history
-- description: A user's quest-builder sessions, newest first, with their stage and outcome
-- mode: read
-- param: user_id int >= 1 | the user
-- param: max_rows int >= 1 <= 1000000 = 20 | most sessions to show
select
    s.id as session_id,
    s.current_stage,
    jsonb_array_length(s.conversation_history) as messages,
    q.quest_id as produced_quest,
    s.created_at,
    s.updated_at
from quest.quest_builder_sessions as s
left join quest.quests as q on s.quest_id = q.id
where s.user_id = {{ user_id }}::bigint
order by s.created_at desc, s.id desc
limit {{ max_rows }}
