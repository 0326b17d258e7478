-- name: setting_set
-- description: Change one setting; the value must parse as its type and the change is kept in its history
-- mode: write
-- param: key text | the setting to change, e.g. max_games_per_day
-- param: value text | the new value, as text
-- param: changed_by text | who is changing it (recorded in the history)
select
    key,
    value,
    type,
    updated_at,
    updated_by
from core.set_setting({{ key }}, {{ value }}, {{ changed_by }})
