-- name: builder_session_start
-- description: Start an AI quest-builder session for a parent, optionally with what they told about the child
-- mode: write
-- param: user_id int >= 1 | the parent
-- param: context json = null | what the builder knows so far (an object)
insert into quest.quest_builder_sessions (user_id, quest_context)
values ({{ user_id }}::bigint, {{ context }}::jsonb)
returning id as session_id, user_id, current_stage, created_at
