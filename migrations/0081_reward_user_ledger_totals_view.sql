-- What each user's totals must be: the sums of their XP and reputation
-- ledgers, in one place. The invariant users_ledger_totals and the repair
-- query repair_user_ledger_totals both read it, so they cannot disagree
-- about the rule.

create view reward.user_ledger_totals as
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
    coalesce(x.ledger_xp, 0) as ledger_xp,
    coalesce(r.ledger_reputation, 0) as ledger_reputation
from core.users as u
left join xp as x on u.id = x.user_id
left join reputation as r on u.id = r.user_id;

comment on view reward.user_ledger_totals is
'Per user, the sums of the XP and reputation ledgers: what core.users.total_xp and total_reputation must be.';
