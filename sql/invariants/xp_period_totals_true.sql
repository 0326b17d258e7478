-- description: the XP rollup of the current day, week and month equals the ledger's sums
with periods as (
    select
        p.period,
        date_trunc(p.period, now())::date as period_start
    from unnest(array['day', 'week', 'month']) as p (period)
),

ledger as (
    select
        p.period,
        x.user_id,
        sum(x.final_xp) as xp
    from reward.xp_ledger as x
    inner join periods as p on x.created_at >= p.period_start
    group by p.period, x.user_id
),

rollup as (
    select
        t.period,
        t.user_id,
        t.xp
    from reward.xp_period_totals as t
    inner join periods as p on t.period = p.period and t.period_start = p.period_start
)

select
    coalesce(l.period, r.period) as period,
    coalesce(l.user_id, r.user_id) as user_id,
    l.xp as ledger_xp,
    r.xp as rollup_xp
from ledger as l
full join rollup as r on l.period = r.period and l.user_id = r.user_id
where l.xp is distinct from r.xp and coalesce(l.xp, r.xp) <> 0
order by period, user_id
