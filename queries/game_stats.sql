-- name: game_stats
-- description: Games per type: played, completed, average score, rewards pending and credited
-- mode: read
-- param: period choice(all|day|week|month) = all | only games started in the current day, week or month
select
    s.game_type,
    count(*) as games,
    count(*) filter (where s.status = 'completed') as completed,
    round(avg(s.score) filter (where s.status = 'completed'), 1) as avg_score,
    count(*) filter (where s.reward_status = 'pending' and s.status = 'completed') as rewards_pending,
    coalesce(sum((s.rewards_earned ->> 'amount')::numeric(12, 2)) filter (where s.reward_status = 'credited'), 0.00)
        as rupees_credited
from play.game_sessions as s
{% if period != 'all' %}
where s.started_at >= date_trunc('{{ period }}', now())
{% endif %}
group by s.game_type
order by s.game_type
