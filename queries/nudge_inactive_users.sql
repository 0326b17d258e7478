-- name: nudge_inactive_users
-- description: Nudge users inactive for nudge_inactive_days, in their language, within max_nudges_per_week
-- mode: write
-- schedule: 0 18 * * *
-- param: max_rows int >= 1 <= 1000000 = 10000 | most users to nudge in this run
--
-- The Hooked loop's trigger: a user whose last activity is older than the
-- setting nudge_inactive_days gets the message of nudge_inactive_message in
-- their preferred language (English when it has none), unless they already
-- had max_nudges_per_week nudges in the last 7 days. At most one inactivity
-- nudge per user per day: a second run the same day nudges nobody.
--
-- Cost: a daily job whose every run is that day's (its rule is per day),
-- so there is no watermark: it reads the least recently active users in
-- order through an index and stops at max_rows, skipping those already
-- nudged today or at their weekly cap. The settings are read once
-- (materialized), not once per user read.
with settings as materialized (
    select
        core.setting_numeric('nudge_inactive_days') as inactive_days,
        core.setting_numeric('max_nudges_per_week') as weekly_cap,
        core.setting_text('nudge_inactive_message')::jsonb as message
),

due as (
    select
        u.id as user_id,
        case when s.message ? u.preferred_language then u.preferred_language else 'en' end as language,
        floor(extract(epoch from now() - u.last_active_at) / 86400)::integer as inactive_days,
        s.message
    from core.users as u
    cross join settings as s
    where
        -- a value, not a column of the join: the index on last_active_at reads users in order
        u.last_active_at < (select now() - st.inactive_days * interval '1 day' from settings as st)
        -- one look at the user's recent nudges, as a filter (never an anti-join over today's nudges)
        and (
            select count(*) < s.weekly_cap and count(*) filter (where n.sent_on = current_date) = 0
            from reward.nudge_history as n
            where n.user_id = u.id and n.sent_at > now() - interval '7 days'
        )
    order by u.last_active_at, u.id
    limit {{ max_rows }}
),

sent as (
    insert into reward.nudge_history (user_id, nudge_type, language, message, metadata)
    select
        d.user_id,
        'inactivity' as nudge_type,
        d.language,
        jsonb_build_object(d.language, d.message ->> d.language) as message,
        jsonb_build_object('inactive_days', d.inactive_days) as metadata
    from due as d
    on conflict (user_id, nudge_type, sent_on) do nothing
    returning user_id, language, message, sent_at
)

select
    user_id,
    language,
    message ->> language as message,
    sent_at
from sent
order by user_id
