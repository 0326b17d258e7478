-- description: a participant is marked complete exactly when their progress has reached the challenge's target
select
    p.challenge_id,
    p.user_id,
    p.progress,
    c.target_amount,
    p.completed_at
from reward.challenge_participants as p
inner join reward.challenges as c on p.challenge_id = c.id
where (p.completed_at is not null) <> (p.progress >= c.target_amount)
order by p.challenge_id, p.user_id
