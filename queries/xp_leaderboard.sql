-- name: xp_leaderboard
-- description: Users ranked by XP earned in the current day, week, month or overall
-- mode: read
-- param: period choice(week|day|month|all) = week | which period
-- param: max_rows int >= 1 <= 1000000 = 10 | how many places
--
-- Shadow-banned users and users who opted out never appear. Ties: the
-- higher score first, then the lower user id (the declared tie-break).
with earned as (
    select
        x.user_id,
        sum(x.final_xp) as xp
    from reward.xp_ledger as x
    {% if period != 'all' %}
    where x.created_at >= date_trunc('{{ period }}', now())
    {% endif %}
    group by x.user_id
)

select
    row_number() over (order by e.xp desc, e.user_id asc) as place,
    e.user_id,
    u.first_name,
    e.xp
from earned as e
inner join core.users as u on e.user_id = u.id
where not u.is_shadow_banned and not u.leaderboard_opt_out and e.xp > 0
order by place
limit {{ max_rows }}
