-- name: pending_rewards
-- description: Won games whose reward the wallet has not yet credited, oldest first (workers use claim_pending_rewards)
-- mode: read
-- param: max_rows int >= 1 <= 1000000 = 100 | most rewards to return
-- param: game_types text[] = null | only these game types (comma-separated)
select
    s.id as game_session_id,
    s.user_id,
    u.php_user_id,
    s.game_type,
    (s.rewards_earned ->> 'amount')::numeric(12, 2) as amount,
    s.rewards_earned ->> 'currency' as currency,
    s.completed_at
from play.game_sessions as s
inner join core.users as u on s.user_id = u.id
where
    s.status = 'completed'
    and s.reward_status = 'pending'
    {% if game_types %}
    and s.game_type = any({{ game_types }})
    {% endif %}
order by s.completed_at, s.id
limit {{ max_rows }}
