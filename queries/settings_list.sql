-- name: settings_list
-- description: Every gamification setting with its value, type and last change
-- mode: read
-- param: category text = null | only this category (rewards, limits, gameplay, training)
select
    key,
    value,
    type,
    category,
    description,
    updated_at,
    updated_by
from core.gamification_settings
{% if category %}
where category = {{ category }}
{% endif %}
order by category, key
