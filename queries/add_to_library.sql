-- name: add_to_library
-- description: Add a marketplace quest to a user's library (adding it again changes nothing)
-- mode: write
-- param: user_id int >= 1 | the user
-- param: quest_id int >= 1 | the quest (must be public in the marketplace)
--
-- Returns the library entry; no row when the quest is not in the marketplace.
insert into quest.user_quest_library as l (user_id, quest_id)
select
    {{ user_id }}::bigint,
    id
from quest.quests
where id = {{ quest_id }}::bigint and is_public
on conflict (user_id, quest_id) do update set added_at = l.added_at
returning user_id, quest_id, added_at
