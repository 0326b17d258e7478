-- description: a won game has a training sample and a reward due; a lost one has neither; an active one none yet
select
    s.id as game_session_id,
    s.status,
    s.score,
    s.training_sample_id,
    s.rewards_earned,
    s.reward_status
from play.game_sessions as s
where
    (s.status = 'completed' and s.score > 0 and (
        s.training_sample_id is null
        or s.reward_status is null
        or coalesce((s.rewards_earned ->> 'amount')::numeric, 0) <= 0
    ))
    or (s.status = 'completed' and s.score = 0 and (
        s.reward_status is not null or coalesce((s.rewards_earned ->> 'amount')::numeric, 0) <> 0
    ))
    or (s.status = 'active' and s.reward_status is distinct from 'pending')
order by s.id
