-- name: repair_user_game_totals
-- description: Recompute users' total_games_played and total_rewards_earned from their game sessions
-- mode: write
-- schedule: 30 4 * * *
--
-- The totals on core.users are derived; this puts back the truth of
-- play.user_game_totals wherever they drifted (the invariant
-- users_game_totals reports drift) and lists what it changed. Safe to run
-- at any time, and a no-op when nothing drifted.
update core.users as u
set total_games_played = t.games_completed, total_rewards_earned = t.rupees_credited
from play.user_game_totals as t
where
    u.id = t.user_id
    and (u.total_games_played <> t.games_completed or u.total_rewards_earned <> t.rupees_credited)
returning u.id as user_id, u.total_games_played, u.total_rewards_earned
