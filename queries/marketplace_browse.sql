-- name: marketplace_browse
-- description: Public, psychologist-approved quests, best rated first, with optional filters and paging
-- mode: read
-- param: psychological_module text = null | only this therapy approach (IFS, DBT, CBT, ACT, ...)
-- param: age int >= 0 <= 120 = null | only quests whose age range includes this age
-- param: location text = null | only quests set in this game-world location
-- param: min_rating numeric = null | only quests rated at least this (1..5)
-- param: page int >= 1 = 1 | page number, from 1
-- param: page_size int >= 1 <= 500 = 20 | quests per page
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
order by q.rating desc nulls last, q.id asc
limit
    {{ page_size }}::integer
    offset ({{ page }}::integer - 1) * {{ page_size }}::integer
