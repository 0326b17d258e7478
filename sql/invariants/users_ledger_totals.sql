-- users' total_xp and total_reputation equal the sums of their XP and reputation ledgers
with xp as (
    select
        user_id,
        sum(final_xp) as ledger_xp
    from reward.xp_ledger
    group by user_id
),

reputation as (
    select
        user_id,
        sum(change) as ledger_reputation
    from reward.reputation_ledger
    group by user_id
)

select
    u.id as user_id,
    u.total_xp,
    coalesce(x.ledger_xp, 0) as ledger_xp,
    u.total_reputation,
    coalesce(r.ledger_reputation, 0) as ledger_reputation
from core.users as u
left join xp as x on u.id = x.user_id
left join reputation as r on u.id = r.user_id
where u.total_xp <> coalesce(x.ledger_xp, 0) or u.total_reputation <> coalesce(r.ledger_reputation, 0)
order by u.id
