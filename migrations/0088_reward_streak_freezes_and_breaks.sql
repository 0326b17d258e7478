-- Streaks with freezes, each freeze and each break recorded (seed 004
-- Streak; the issue's "streaks with freezes").
--   * A day counts when the user is active (record_streak_activity) or when
--     a freeze covers it. settled_on is the last day the streak is
--     accounted for either way; NULL on existing rows means last_active_on.
--   * Every streak_freeze_every_days days of streak earn a freeze, up to
--     streak_max_freezes.
--   * A nightly job (settle_streaks, for a day that has ended) spends one
--     freeze per missed day. When the freezes cannot cover every missed day
--     the streak breaks at the first missed day and the freezes are kept.
--   * reward.streak_events records each freeze spent, each freeze earned
--     and each break, once per user, kind and day.
-- Days are UTC days, as the daily caps'.
-- Live table: settled_on is nullable with no default (no rewrite).

insert into core.gamification_settings (key, value, type, description, category, updated_by)
values
(
    'streak_freeze_every_days', '7', 'number', 'Days of streak that earn one streak freeze', 'gameplay',
    'migration 0088'
),
('streak_max_freezes', '2', 'number', 'Most streak freezes a user can hold', 'gameplay', 'migration 0088')
on conflict (key) do nothing;

alter table reward.streaks add column settled_on date;
comment on column reward.streaks.settled_on is
'Last day the streak is accounted for, by activity or by a freeze; NULL means last_active_on.';

create table reward.streak_events (
    id bigint generated always as identity,
    user_id bigint not null,
    kind text not null,
    on_date date not null,
    length_before integer not null,
    length_after integer not null,
    freezes_after integer not null,
    created_at timestamptz not null default now(),
    constraint streak_events_pkey primary key (id),
    constraint streak_events_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade,
    constraint streak_events_kind_check check (kind in ('freeze_spent', 'freeze_earned', 'break')),
    constraint streak_events_once_key unique (user_id, kind, on_date)
);
comment on table reward.streak_events is
'Each streak freeze spent or earned and each break, with the streak around it.';
comment on column reward.streak_events.on_date is
'The day frozen, the day the freeze was earned, or the first missed day.';

create function reward.record_streak_activity(p_user_id bigint, p_day date default null)
returns setof reward.streaks
language plpgsql as $$
declare
    active_day constant date := coalesce(p_day, (now() at time zone 'UTC')::date);
    streak reward.streaks;
    covered_through date;
    new_length integer;
    new_freezes integer;
begin
    insert into reward.streaks (user_id) values (p_user_id) on conflict (user_id) do nothing;
    -- The row lock serialises two activities of one user.
    select s.* into streak from reward.streaks as s where s.user_id = p_user_id for update;
    if streak.last_active_on >= active_day then
        -- Already counted (or an older day reported late): nothing changes.
        return next streak;
        return;
    end if;
    covered_through := coalesce(streak.settled_on, streak.last_active_on);
    new_freezes := streak.freezes_available;
    if streak.current_length > 0 and covered_through >= active_day - 1 then
        new_length := streak.current_length + 1;
    else
        if streak.current_length > 0 then
            insert into reward.streak_events (user_id, kind, on_date, length_before, length_after, freezes_after)
            values (p_user_id, 'break', covered_through + 1, streak.current_length, 0, new_freezes)
            on conflict on constraint streak_events_once_key do nothing;
        end if;
        new_length := 1;
    end if;
    if new_length % core.setting_numeric('streak_freeze_every_days')::integer = 0
        and new_freezes < core.setting_numeric('streak_max_freezes')::integer then
        new_freezes := new_freezes + 1;
        insert into reward.streak_events (user_id, kind, on_date, length_before, length_after, freezes_after)
        values (p_user_id, 'freeze_earned', active_day, new_length - 1, new_length, new_freezes)
        on conflict on constraint streak_events_once_key do nothing;
    end if;
    return query
    update reward.streaks as s
    set
        current_length = new_length,
        longest_length = greatest(s.longest_length, new_length),
        last_active_on = active_day,
        settled_on = active_day,
        freezes_available = new_freezes,
        updated_at = now()
    where s.user_id = p_user_id
    returning s.*;
end;
$$;
comment on function reward.record_streak_activity(bigint, date) is
'A user was active on a UTC day (today by default): extends, or breaks and restarts, the streak; may earn a freeze.';

create function reward.settle_streaks(p_day date default null)
returns table (user_id bigint, kind text, first_day date, days integer, length_after integer, freezes_after integer)
language plpgsql as $$
#variable_conflict use_column
declare
    settled_day constant date := coalesce(p_day, (now() at time zone 'UTC')::date - 1);
begin
    if settled_day >= (now() at time zone 'UTC')::date then
        raise exception 'cannot settle streaks for %: only a day that has ended (UTC) can be settled', settled_day
            using errcode = 'invalid_parameter_value';
    end if;
    return query
    with due as (
        select
            s.user_id,
            s.current_length,
            s.freezes_available,
            coalesce(s.settled_on, s.last_active_on) as covered_through,
            settled_day - coalesce(s.settled_on, s.last_active_on) as missed
        from reward.streaks as s
        where s.current_length > 0 and coalesce(s.settled_on, s.last_active_on) < settled_day
        for update
    ),

    frozen as (
        update reward.streaks as s
        set freezes_available = s.freezes_available - d.missed, settled_on = settled_day, updated_at = now()
        from due as d
        where s.user_id = d.user_id and d.freezes_available >= d.missed
        returning s.user_id, d.covered_through, d.missed, s.current_length, s.freezes_available
    ),

    broken as (
        update reward.streaks as s
        set current_length = 0, updated_at = now()
        from due as d
        where s.user_id = d.user_id and d.freezes_available < d.missed
        returning s.user_id, d.covered_through, d.current_length as length_before, s.freezes_available
    ),

    -- A data-modifying WITH always runs to completion, read or not.
    recorded as (
        insert into reward.streak_events (user_id, kind, on_date, length_before, length_after, freezes_after)
        select
            f.user_id,
            'freeze_spent',
            f.covered_through + n,
            f.current_length,
            f.current_length,
            f.freezes_available + f.missed - n
        from frozen as f
        cross join generate_series(1, f.missed) as n
        union all
        select b.user_id, 'break', b.covered_through + 1, b.length_before, 0, b.freezes_available
        from broken as b
        on conflict on constraint streak_events_once_key do nothing
        returning 1
    )

    select f.user_id, 'freeze_spent', f.covered_through + 1, f.missed, f.current_length, f.freezes_available
    from frozen as f
    union all
    select b.user_id, 'break', b.covered_through + 1, 0, 0, b.freezes_available
    from broken as b
    order by 1;
end;
$$;
comment on function reward.settle_streaks(date) is
'Nightly, for a UTC day that has ended (yesterday by default): spends freezes on missed days or breaks the streak.';
