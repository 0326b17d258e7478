-- name: record_reveal_view
-- description: Count a parent's view of a quest's reveal (completion) message
-- mode: write
-- param: quest_id int >= 1 | the quest
update quest.quests
set reveal_count = reveal_count + 1, last_reveal_at = now()
where id = {{ quest_id }}::bigint
returning id, reveal_count, last_reveal_at
