-- Daily earning caps, held by the database (issue: "a daily XP cap and a
-- daily reputation cap from settings, safe under concurrent awards").
--
-- How a capped award is written: the row keeps what it would have earned
-- (base_xp and the multipliers, or the intended change) and records what the
-- cap withheld in cap_trimmed; the amount that counts is reduced by it. The
-- one XP formula therefore becomes
--     final_xp = round(base_xp * mastery_mult * trust_mult * fact_check_mult * time_decay) - cap_trimmed
-- and a row the cap did not touch has cap_trimmed = 0, as every existing row.
--
-- Concurrency: the day's earnings live in one row per user and UTC day
-- (reward.daily_earnings). The BEFORE INSERT trigger locks that row before
-- reading it, so two awards for the same user wait for each other and the
-- second sees what the first took; awards for different users never wait.
-- Only positive, non-compensating amounts count towards and are held by the
-- cap; a compensating row does not give the cap back (as on Stack Exchange,
-- a reversed vote does not raise the day's limit).
--
-- Also the reputation a vote gives its author (Stack Exchange's values),
-- read by the cast_vote query.
--
-- Live tables: both new columns have a constant default (no rewrite). The
-- widened formula check is added NOT VALID and validated by 0089.

insert into core.gamification_settings (key, value, type, description, category, updated_by)
values
(
    'daily_xp_cap', '1000', 'number', 'Most XP one user can earn per UTC day; the excess is withheld (cap_trimmed)',
    'limits', 'migration 0083'
),
(
    'daily_reputation_cap', '200', 'number',
    'Most reputation one user can gain per UTC day (Stack Exchange: 200); the excess is withheld', 'limits',
    'migration 0083'
),
(
    'reputation_answer_upvote', '10', 'number', 'Reputation an upvote on an answer gives its author', 'rewards',
    'migration 0083'
),
(
    'reputation_doubt_upvote', '5', 'number', 'Reputation an upvote on a doubt gives its author', 'rewards',
    'migration 0083'
),
(
    'reputation_downvote', '-2', 'number', 'Reputation a downvote costs the author', 'rewards', 'migration 0083'
)
on conflict (key) do nothing;

create table reward.daily_earnings (
    user_id bigint not null,
    earned_on date not null,
    xp integer not null default 0,
    reputation integer not null default 0,
    constraint daily_earnings_pkey primary key (user_id, earned_on),
    constraint daily_earnings_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade,
    constraint daily_earnings_amounts_check check (xp >= 0 and reputation >= 0)
);
comment on table reward.daily_earnings is
'What each user earned per UTC day, counted against the daily caps. Written only by the ledger triggers.';
comment on column reward.daily_earnings.xp is 'XP counted towards daily_xp_cap on that day.';
comment on column reward.daily_earnings.reputation is 'Reputation counted towards daily_reputation_cap on that day.';

alter table reward.xp_ledger add column cap_trimmed integer not null default 0;
comment on column reward.xp_ledger.cap_trimmed is
'XP the daily cap withheld from this award; final_xp is the formula minus this.';

alter table reward.reputation_ledger add column cap_trimmed integer not null default 0;
comment on column reward.reputation_ledger.cap_trimmed is
'Reputation the daily cap withheld from this change; change is what was intended minus this.';

-- The old formula is replaced by the wider one in the same statement (no
-- moment without a check).
alter table reward.xp_ledger
-- squawk-ignore ban-drop-constraint
drop constraint xp_ledger_final_xp_check,
add constraint xp_ledger_final_xp_check check (
    final_xp = round(base_xp * mastery_mult * trust_mult * fact_check_mult * time_decay) - cap_trimmed
    and mastery_mult >= 0 and trust_mult >= 0 and fact_check_mult >= 0 and time_decay between 0 and 1
    and cap_trimmed >= 0
) not valid;
comment on column reward.xp_ledger.final_xp is
'round(base_xp * mastery_mult * trust_mult * fact_check_mult * time_decay) - cap_trimmed.';

alter table reward.reputation_ledger
add constraint reputation_ledger_cap_trimmed_check check (cap_trimmed >= 0) not valid;

create function reward.apply_daily_cap() returns trigger
language plpgsql as $$
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
comment on function reward.apply_daily_cap() is
'BEFORE INSERT on a ledger: counts a positive amount (arg 1) into reward.daily_earnings (arg 2) '
'and withholds what exceeds the daily cap setting (arg 3), recording it in cap_trimmed.';

-- Named so that it runs before the *_record_row trigger (alphabetical
-- order), which adds the capped amount to the user's total.
create trigger xp_ledger_apply_daily_cap
before insert on reward.xp_ledger
for each row execute function reward.apply_daily_cap('final_xp', 'xp', 'daily_xp_cap');

create trigger reputation_ledger_apply_daily_cap
before insert on reward.reputation_ledger
for each row execute function reward.apply_daily_cap('change', 'reputation', 'daily_reputation_cap');
