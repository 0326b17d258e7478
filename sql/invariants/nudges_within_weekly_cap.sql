-- description: no user received more nudges in any 7 days than the setting max_nudges_per_week
select
    n.user_id,
    n.sent_at,
    count(*) as nudges_in_7_days
from reward.nudge_history as n
inner join reward.nudge_history as earlier
    on n.user_id = earlier.user_id and earlier.sent_at between n.sent_at - interval '7 days' and n.sent_at
group by n.id, n.user_id, n.sent_at
having count(*) > core.setting_numeric('max_nudges_per_week')
order by n.user_id, n.sent_at
