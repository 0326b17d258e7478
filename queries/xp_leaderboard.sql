-- name: xp_leaderboard
-- description: Users ranked by XP earned in the current day, week, month or overall
-- mode: read
-- param: period choice(week|day|month|all) = week | which period
-- param: max_rows int >= 1 <= 1000000 = 10 | how many places
--
-- Shadow-banned users and users who opted out never appear. Ties: the
-- higher score first, then the lower user id (the declared tie-break).
-- A period reads the rollup reward.xp_period_totals, `all` the users'
-- total_xp (both kept by the ledger's triggers), each through an index in
-- ranking order: the cost is the places shown, not the users or the ledger.
{% if period == 'all' %}
select
    row_number() over (order by u.total_xp desc, u.id asc) as place,
    u.id as user_id,
    u.first_name,
    u.total_xp as xp
from core.users as u
where not u.is_shadow_banned and not u.leaderboard_opt_out and u.total_xp > 0
order by u.total_xp desc, u.id asc
limit {{ max_rows }}
{% else %}
select
    row_number() over (order by t.xp desc, t.user_id asc) as place,
    t.user_id,
    u.first_name,
    t.xp
from reward.xp_period_totals as t
inner join core.users as u on t.user_id = u.id
where
    t.period = '{{ period }}'
    and t.period_start = date_trunc('{{ period }}', now())::date
    and t.xp > 0
    and not u.is_shadow_banned
    and not u.leaderboard_opt_out
order by t.xp desc, t.user_id asc
limit {{ max_rows }}
{% endif %}
