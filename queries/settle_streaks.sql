-- name: settle_streaks
-- description: Nightly: spend streak freezes on missed days, or break the streaks they cannot cover
-- mode: write
-- schedule: 15 0 * * *
-- param: day date = null | the UTC day to settle (must have ended); yesterday when not given
--
-- Each freeze spent and each break is recorded in reward.streak_events,
-- once. Settling a day again changes nothing.
select
    s.user_id,
    s.kind,
    s.first_day,
    s.days,
    s.length_after,
    s.freezes_after
from reward.settle_streaks({{ day }}) as s
