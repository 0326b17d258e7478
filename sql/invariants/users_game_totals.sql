-- description: users' derived totals equal what their game sessions say (games completed, rupees credited)
select
    u.id as user_id,
    u.total_games_played,
    t.games_completed,
    u.total_rewards_earned,
    t.rupees_credited
from core.users as u
inner join play.user_game_totals as t on u.id = t.user_id
where u.total_games_played <> t.games_completed or u.total_rewards_earned <> t.rupees_credited
order by u.id
