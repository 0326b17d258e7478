-- name: marketplace_browse
-- description: Public, psychologist-approved quests, best rated first, with optional filters and paging
-- mode: read
-- param: psychological_module text = null | only this therapy approach (IFS, DBT, CBT, ACT, ...)
-- param: age int >= 0 <= 120 = null | only quests whose age range includes this age
-- param: location text = null | only quests set in this game-world location
-- param: min_rating numeric = null | only quests rated at least this (1..5)
-- param: page int >= 1 = 1 | page number, from 1 (counted after after_id when both are given)
-- param: page_size int >= 1 <= 500 = 20 | quests per page
-- param: after_id int >= 1 = null | the next page: the id of the last quest shown (keyset paging)
--
-- Two ways to page. page counts rows from the top (OFFSET): simple, but
-- page 1000 reads the 20,000 rows before it. after_id continues after the
-- last quest shown, in the same order (rating, then id): any page costs
-- one page of the (rating desc nulls last, id) index on public quests
-- (idx_quests_is_public). After the cursor c means: a lower rating, the
-- same rating and a higher id, or unrated after rated ones; the plain
-- `rating <= c.rating` lets the index start at the cursor.
select
    q.id,
    q.quest_id,
    q.title,
    q.psychological_module,
    q.age_range,
    q.location,
    q.rating,
    q.plays_count,
    q.reviewed_at
from quest.quests as q
-- the cursor: the last quest shown (without after_id, c is empty and every quest passes)
left join quest.quests as c on c.id = {{ after_id }}::bigint
where
    q.is_public
    and q.psychologist_reviewed
    and q.moderation_status = 'approved'
    {% if psychological_module %}
    and q.psychological_module = {{ psychological_module }}::text
    {% endif %}
    {% if age %}
    and {{ age }}::integer between split_part(q.age_range, '-', 1)::integer
    and split_part(q.age_range, '-', 2)::integer
    {% endif %}
    {% if location %}
    and q.location = {{ location }}::text
    {% endif %}
    {% if min_rating %}
    and q.rating >= {{ min_rating }}::numeric
    {% endif %}
    and (
        c.id is null
        or (c.rating is null and q.rating is null and q.id > c.id)
        or (q.rating <= c.rating and (q.rating < c.rating or q.id > c.id))
        or (c.rating is not null and q.rating is null)
    )
order by q.rating desc nulls last, q.id asc
limit
    {{ page_size }}::integer
    offset ({{ page }}::integer - 1) * {{ page_size }}::integer
