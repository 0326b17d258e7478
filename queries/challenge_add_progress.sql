-- name: challenge_add_progress
-- description: Add progress for a user in a running challenge (joins them on first progress)
-- mode: write
-- param: challenge_id int >= 1 | the challenge
-- param: user_id int >= 1 | the participant
-- param: amount int | progress to add (0 or more)
--
-- Returns no row when the challenge is not running now. completed_at is set
-- the first time progress reaches the target and never moves after.
with running as (
    select
        c.id,
        c.target_amount
    from reward.challenges as c
    where c.id = {{ challenge_id }}::bigint and now() between c.start_date and c.end_date
)

insert into reward.challenge_participants as p (challenge_id, user_id, progress, completed_at)
select
    r.id,
    {{ user_id }}::bigint,
    {{ amount }}::integer,
    case when {{ amount }}::integer >= r.target_amount then now() end
from running as r
on conflict (challenge_id, user_id) do update
    set
        progress = p.progress + excluded.progress,
        completed_at = coalesce(
            p.completed_at,
            case when p.progress + excluded.progress >= (select r.target_amount from running as r) then now() end
        )
returning challenge_id, user_id, progress, completed_at
