-- name: record_achievement_progress
-- description: Add progress towards an achievement; it unlocks once the amount, distinct users and days are reached
-- mode: write
-- param: user_id int >= 1 | who progresses
-- param: achievement_key text | the achievement (its progress_target, min_unique_users, min_day_span apply)
-- param: amount int >= 1 <= 1000000 = 1 | how much progress
-- param: from_user_id int >= 1 = null | whose action it came from (an upvote's voter); one's own counts only as amount
--
-- missing says what is still lacking (e.g. "3 of 5 distinct users"); an
-- achievement with requirements cannot be unlocked any other way.
select
    p.achievement_key,
    p.current,
    p.target,
    p.unique_users,
    p.day_span,
    p.validated_count,
    p.unlocked,
    p.missing
from reward.record_achievement_progress(
        {{ user_id }}::bigint, {{ achievement_key }}::text, {{ amount }}::integer, {{ from_user_id }}::bigint
    ) as p
