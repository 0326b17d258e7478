-- Undo 0114: no retraction or acceptance through the database, the cap
-- applies to every reputation row again. Reputation rows written meanwhile
-- stay (the ledger is append-only), and so do the two settings' history rows.

update core.table_access
set database_columns = '{}', why = 'answers to doubts'
where table_name = 'community.answers';
call core.apply_table_access();

drop function community.accept_answer(bigint, bigint);
drop function community.retract_vote(bigint, text, bigint);
drop trigger reputation_ledger_accept_owner_events on reward.reputation_ledger;
drop function reward.refuse_app_accept_events();

create or replace function reward.apply_daily_cap() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    -- Trigger arguments: the ledger's amount column, the daily_earnings
    -- column it counts into, the setting that holds the cap.
    amount_column constant text := tg_argv[0];
    earnings_column constant text := tg_argv[1];
    cap_setting constant text := tg_argv[2];
    wanted integer := (to_jsonb(new) ->> amount_column)::integer;
    earned_on_day date := (new.created_at at time zone 'UTC')::date;
    already_earned integer;
    allowed integer;
begin
    if new.cap_trimmed <> 0 then
        raise exception '%.%.cap_trimmed is set by the daily cap, not by the writer', tg_table_schema, tg_table_name
            using errcode = 'check_violation';
    end if;
    if wanted <= 0 or new.corrects_id is not null then
        return new;
    end if;
    insert into reward.daily_earnings (user_id, earned_on) values (new.user_id, earned_on_day)
    on conflict (user_id, earned_on) do nothing;
    -- The row lock is what makes concurrent awards safe: the second waits
    -- here and reads the total the first committed.
    execute format('select %I from reward.daily_earnings where user_id = $1 and earned_on = $2 for update',
        earnings_column)
    into already_earned using new.user_id, earned_on_day;
    allowed := greatest(0, least(wanted, core.setting_numeric(cap_setting)::integer - already_earned));
    execute format('update reward.daily_earnings set %I = %I + $1 where user_id = $2 and earned_on = $3',
        earnings_column, earnings_column)
    using allowed, new.user_id, earned_on_day;
    return jsonb_populate_record(new, jsonb_build_object(
        amount_column, allowed,
        'cap_trimmed', wanted - allowed
    ));
end;
$$;

delete from core.gamification_settings
where key in ('reputation_answer_accepted', 'reputation_accept_given');
