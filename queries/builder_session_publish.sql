-- name: builder_session_publish
-- description: Turn a builder session at quest_ready into a (private, unreviewed) quest with its graph
-- mode: write
-- param: session_id int >= 1 | the session
-- param: quest_key text | the new quest's key (quest_id)
-- param: title text | the quest's title
select
    q.id,
    q.quest_id,
    q.title,
    q.user_id,
    q.is_public
from quest.publish_builder_session({{ session_id }}::bigint, {{ quest_key }}::text, {{ title }}::text) as q
