-- description: every user has a trust score (seed 004 phase 4)
select u.id as user_id
from core.users as u
left join trust.trust_scores as t on u.id = t.user_id
where t.user_id is null
order by u.id
