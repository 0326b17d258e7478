-- description: users' total_xp and total_reputation equal the sums of their XP and reputation ledgers
select
    u.id as user_id,
    u.total_xp,
    t.ledger_xp,
    u.total_reputation,
    t.ledger_reputation
from core.users as u
inner join reward.user_ledger_totals as t on u.id = t.user_id
where u.total_xp <> t.ledger_xp or u.total_reputation <> t.ledger_reputation
order by u.id
