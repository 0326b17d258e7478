-- name: repair_user_game_totals
-- description: Recompute users' total_games_played and total_rewards_earned from their game sessions
-- mode: write
-- schedule: 30 4 * * *
--
-- The totals on core.users are derived; this puts back the truth wherever
-- they drifted (the invariant users_game_totals reports drift) and lists
-- what it changed. Safe to run at any time, and a no-op when nothing drifted.
with actual as (
    select
        u.id as user_id,
        count(s.id) filter (where s.status = 'completed') as games_completed,
        coalesce(
            sum((s.rewards_earned ->> 'amount')::numeric(12, 2)) filter (where s.reward_status = 'credited'), 0
        ) as rupees_credited
    from core.users as u
    left join play.game_sessions as s on u.id = s.user_id
    group by u.id
),

repaired as (
    update core.users as u
    set total_games_played = a.games_completed, total_rewards_earned = a.rupees_credited
    from actual as a
    where
        u.id = a.user_id
        and (u.total_games_played <> a.games_completed or u.total_rewards_earned <> a.rupees_credited)
    returning u.id, u.total_games_played, u.total_rewards_earned
)

select
    id as user_id,
    total_games_played,
    total_rewards_earned
from repaired
order by id
