-- name: rate_quest
-- description: Rate a marketplace quest 1..5 (a user's new rating replaces their old one)
-- mode: write
-- param: user_id int >= 1 | who rates
-- param: quest_id int >= 1 | the quest (must be public in the marketplace)
-- param: rating int >= 1 <= 5 | 1 to 5 stars
-- param: review_text text = null | optional words
with rated as (
    insert into quest.quest_ratings as r (user_id, quest_id, rating, review_text)
    select
        {{ user_id }}::bigint,
        id,
        {{ rating }}::integer,
        {{ review_text }}::text
    from quest.quests
    where id = {{ quest_id }}::bigint and is_public
    on conflict (user_id, quest_id) do update
        set rating = excluded.rating, review_text = excluded.review_text
    returning quest_id, rating
)

select
    rated.quest_id,
    rated.rating as your_rating
from rated
