-- users' derived totals equal what their game sessions say (games completed, rupees credited)
with actual as (
    select
        s.user_id,
        count(*) filter (where s.status = 'completed') as games_completed,
        coalesce(sum((s.rewards_earned ->> 'amount')::numeric) filter (where s.reward_status = 'credited'), 0)
            as rupees_credited
    from play.game_sessions as s
    group by s.user_id
)

select
    u.id as user_id,
    u.total_games_played,
    coalesce(a.games_completed, 0) as games_completed,
    u.total_rewards_earned,
    coalesce(a.rupees_credited, 0) as rupees_credited
from core.users as u
left join actual as a on u.id = a.user_id
where
    u.total_games_played <> coalesce(a.games_completed, 0)
    or u.total_rewards_earned <> coalesce(a.rupees_credited, 0)
order by u.id
