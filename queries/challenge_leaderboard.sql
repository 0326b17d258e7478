-- name: challenge_leaderboard
-- description: Participants of a challenge ranked by progress (ties: who joined first)
-- mode: read
-- param: challenge_id int >= 1 | the challenge
-- param: max_rows int >= 1 <= 1000000 = 10 | how many places to show
select
    rank() over (order by p.progress desc, p.joined_at asc) as place,
    p.user_id,
    u.first_name,
    p.progress,
    c.target_amount,
    round(100.0 * least(p.progress, c.target_amount) / c.target_amount, 1) as percent_done,
    p.completed_at
from reward.challenge_participants as p
inner join reward.challenges as c on p.challenge_id = c.id
inner join core.users as u on p.user_id = u.id
where p.challenge_id = {{ challenge_id }}::bigint
order by p.progress desc, p.joined_at asc
limit {{ max_rows }}
