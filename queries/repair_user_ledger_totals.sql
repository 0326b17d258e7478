-- name: repair_user_ledger_totals
-- description: Recompute users' total_xp and total_reputation from the ledgers where they drifted
-- mode: write
-- schedule: 45 4 * * *
--
-- The ledgers are the truth; the totals on core.users follow them by
-- trigger. Drift can only come from writes made while those triggers were
-- off; this puts back the sums (the invariant users_ledger_totals reports
-- drift) and lists what it changed.
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

update core.users as u
set
    total_xp = coalesce(x.ledger_xp, 0),
    total_reputation = coalesce(r.ledger_reputation, 0)
from core.users as target
left join xp as x on target.id = x.user_id
left join reputation as r on target.id = r.user_id
where
    u.id = target.id
    and (u.total_xp <> coalesce(x.ledger_xp, 0) or u.total_reputation <> coalesce(r.ledger_reputation, 0))
returning u.id as user_id, u.total_xp, u.total_reputation
