-- name: snapshot_leaderboard
-- description: Freeze the leaderboard of the last completed day, week or month, with each user's change
-- mode: write
-- schedule: 5 0 * * *
-- schedule-param: period=day
-- param: period choice(week|day|month) = week | which kind of period
--
-- The snapshot is of the period that just ended, so it never changes once
-- written (the table refuses updates); running again writes nothing. Ranks
-- use the declared tie-break (higher XP, then lower user id); shadow-banned
-- and opted-out users are left out. previous_rank is the user's place in
-- the period before, so the change is rank versus previous_rank.
with bounds as (
    select
        date_trunc('{{ period }}', now()) - interval '1 {{ period }}' as period_start,
        date_trunc('{{ period }}', now()) as period_end
),

earned as (
    select
        x.user_id,
        sum(x.final_xp) as xp
    from reward.xp_ledger as x
    cross join bounds as b
    where x.created_at >= b.period_start and x.created_at < b.period_end
    group by x.user_id
),

ranked as (
    select
        e.user_id,
        e.xp,
        row_number() over (order by e.xp desc, e.user_id asc) as place
    from earned as e
    inner join core.users as u on e.user_id = u.id
    where not u.is_shadow_banned and not u.leaderboard_opt_out and e.xp > 0
),

written as (
    insert into reward.leaderboard_snapshots (period_type, period_start, user_id, rank, score, previous_rank)
    select
        '{{ period }}' as period_type,
        b.period_start::date,
        r.user_id,
        r.place,
        r.xp,
        previous.rank
    from ranked as r
    cross join bounds as b
    left join reward.leaderboard_snapshots as previous
        on
            previous.period_type = '{{ period }}'
            and previous.period_start = (b.period_start - interval '1 {{ period }}')::date
            and r.user_id = previous.user_id
    where not exists (
            select 1 from reward.leaderboard_snapshots as s
            where s.period_type = '{{ period }}' and s.period_start = b.period_start::date
        )
    on conflict (period_type, period_start, user_id) do nothing
    returning period_start, user_id, rank, score, previous_rank
)

select
    period_start,
    rank,
    user_id,
    score,
    previous_rank,
    previous_rank - rank as places_gained
from written
order by rank
