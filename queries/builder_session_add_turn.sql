-- name: builder_session_add_turn
-- description: Append one chat turn (the parent's or the assistant's) to a builder session's conversation
-- mode: write
-- param: session_id int >= 1 | the session
-- param: speaker choice(user|assistant) | who said it
-- param: message text | what was said
update quest.quest_builder_sessions as s
set
    conversation_history = s.conversation_history || jsonb_build_array(
        jsonb_build_object('role', '{{ speaker }}', 'content', {{ message }}::text, 'at', now())
    )
where s.id = {{ session_id }}::bigint
returning s.id as session_id, jsonb_array_length(s.conversation_history) as turns, s.current_stage
