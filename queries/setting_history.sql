-- name: setting_history
-- description: Who changed which setting, when, from what to what (newest first)
-- mode: read
-- param: key text = null | only this setting
-- param: max_rows int >= 1 <= 1000000 = 50 | most rows to return
select
    changed_at,
    setting_key,
    operation,
    old_value,
    new_value,
    changed_by,
    database_user
from core.gamification_settings_history
{% if key %}
where setting_key = {{ key }}
{% endif %}
order by changed_at desc, id desc
limit {{ max_rows }}
