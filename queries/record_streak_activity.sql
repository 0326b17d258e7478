-- name: record_streak_activity
-- description: Count a day of activity towards a user's streak (may break and restart it, or earn a freeze)
-- mode: write
-- param: user_id int >= 1 | who was active
-- param: active_on date = null | the UTC day; today when not given
--
-- Counting the same day twice changes nothing. A streak that missed days
-- not covered by freezes breaks (recorded in reward.streak_events) and
-- starts again at 1.
select
    s.user_id,
    s.current_length,
    s.longest_length,
    s.freezes_available,
    s.last_active_on
from reward.record_streak_activity({{ user_id }}, {{ active_on }}) as s
