-- transactional: false
-- revises: 6be98af5575f30173865334786e2af35710ba385a3cf0136ffcd514bf6ebe4fa
-- revises: a96d6b9e917fc2477d626767223235b90cd820cc9eb171bbde3e5b1c7c185b15
--
-- Period leaderboards read a rollup, not the ledger (xp_leaderboard cost
-- about 1 s at 1M users for a week: it summed the whole period's ledger
-- and scanned every user).
--
-- reward.xp_period_totals holds each user's XP per day, week and month
-- (date_trunc in the database's time zone, as the leaderboard reads it),
-- kept by an AFTER INSERT trigger on reward.xp_ledger in the same
-- transaction as the award: a correction (a negative row) takes its amount
-- off the period it is written in, exactly as summing the ledger by
-- created_at did. An index ordered by XP makes the top of a period an
-- index range read. The all-time board reads core.users.total_xp (the
-- ledger's sum, kept by 0076's trigger) through 0123's index.
--
-- The rollup starts with the periods now running: the awards of the
-- current day, week and month already in the ledger are summed into it.
-- Older periods stay on the ledger (snapshot_leaderboard reads it, once a
-- day). Written only by the database (the trigger runs as the owner); the
-- application and analysts read it.
--
-- Revised after release: the first version summed a month of the ledger
-- while its CREATE TRIGGER held the ledger's SHARE ROW EXCLUSIVE lock, so
-- every award waited for the whole sum (`make bench`: 14.6 s at SCALE=1).
-- Now the trigger is created in a short transaction that also records the
-- last ledger id it did not see (every award after it goes through the
-- trigger, none before it does), and the awards up to that id are summed
-- afterwards in committed batches of users that lock only the rollup rows
-- they add to. The result is the same, so databases that ran the first version are
-- fine (the `revises` line above). Every statement can run again: a run
-- stopped half way (crash, lock timeout) is finished by the next
-- `gamedb migrate`, which resumes the sum where it stopped.

create table if not exists reward.xp_period_totals (
    period text not null,
    period_start date not null,
    user_id bigint not null,
    xp bigint not null,
    constraint xp_period_totals_pkey primary key (period, period_start, user_id),
    constraint xp_period_totals_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade,
    constraint xp_period_totals_period_check check (period in ('day', 'week', 'month'))
);
comment on table reward.xp_period_totals is
'Each user''s XP per day, week and month, kept by a trigger on reward.xp_ledger (period leaderboards).';
comment on column reward.xp_period_totals.period is 'day, week or month.';
comment on column reward.xp_period_totals.period_start is 'date_trunc(period, created_at) of the awards summed.';
comment on column reward.xp_period_totals.xp is 'Sum of final_xp of the user''s ledger rows in that period.';

-- The table is new and empty: these take no time, CONCURRENTLY is not needed.
-- squawk-ignore require-concurrent-index-creation
create index if not exists idx_xp_period_totals_ranking
on reward.xp_period_totals (period, period_start, xp desc, user_id);
-- squawk-ignore require-concurrent-index-creation
create index if not exists idx_xp_period_totals_user_id on reward.xp_period_totals (user_id);

create or replace function reward.add_to_xp_periods() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
    insert into reward.xp_period_totals as t (period, period_start, user_id, xp)
    select p.period, date_trunc(p.period, new.created_at)::date, new.user_id, new.final_xp
    from unnest(array['day', 'week', 'month']) as p (period)
    on conflict (period, period_start, user_id) do update set xp = t.xp + excluded.xp;
    return null;
end;
$$;
comment on function reward.add_to_xp_periods() is
'AFTER INSERT on reward.xp_ledger: adds the row''s final_xp to its user''s day, week and month.';

-- What this migration still has to sum, while it runs: dropped at its end.
create table if not exists reward.xp_period_totals_seed (
    up_to_id bigint not null,
    day_start timestamptz not null,
    week_start timestamptz not null,
    month_start timestamptz not null,
    done_user_id bigint not null default 0
);

-- The trigger and the cutoff in one short transaction. CREATE TRIGGER waits
-- for the awards in flight to commit and holds new ones back only until
-- this block commits; the max(id) read after it has every award the trigger
-- will not see.
do $$
begin
    if not exists (
        select from pg_trigger
        where tgrelid = 'reward.xp_ledger'::regclass and tgname = 'xp_ledger_add_to_periods'
    ) then
        create trigger xp_ledger_add_to_periods
        after insert on reward.xp_ledger
        for each row execute function reward.add_to_xp_periods();
        insert into reward.xp_period_totals_seed (up_to_id, day_start, week_start, month_start)
        select
            coalesce(max(x.id), 0),
            date_trunc('day', now()),
            date_trunc('week', now()),
            date_trunc('month', now())
        from reward.xp_ledger as x;
    end if;
end;
$$;

-- Sums the awards up to the cutoff in the running periods, batch_size users
-- at a time (each user's awards since the period start are one range of
-- the ledger's (user_id, created_at) index), each batch added to the rollup and
-- recorded as done in one committed transaction. A user's rollup rows are
-- added to once, in the trigger's order (day, week, month), so a batch and
-- an award lock them in the same order.
create or replace procedure reward.seed_xp_period_totals(batch_size integer default 1000)
language plpgsql as $$
declare
    seed reward.xp_period_totals_seed;
    batch_end bigint;
begin
    loop
        select * into seed from reward.xp_period_totals_seed;
        exit when not found;
        select max(u.id) into batch_end
        from (select id from core.users where id > seed.done_user_id order by id limit batch_size) as u;
        if batch_end is null then
            -- Done. (No COMMIT for this last step: on an empty database the
            -- whole file can then run inside one transaction, as psql -1 does.)
            delete from reward.xp_period_totals_seed;
            exit;
        end if;
        insert into reward.xp_period_totals as t (period, period_start, user_id, xp)
        select
            p.period,
            date_trunc(p.period, x.created_at)::date as period_start,
            x.user_id,
            sum(x.final_xp) as xp
        from reward.xp_ledger as x
        cross join unnest(array['day', 'week', 'month']) with ordinality as p (period, position)
        where
            x.user_id > seed.done_user_id
            and x.user_id <= batch_end
            and x.created_at >= least(seed.week_start, seed.month_start)
            and x.id <= seed.up_to_id
            and x.created_at
            >= case p.period when 'day' then seed.day_start when 'week' then seed.week_start else seed.month_start end
        group by x.user_id, p.position, p.period, date_trunc(p.period, x.created_at)::date
        order by x.user_id, p.position
        on conflict (period, period_start, user_id) do update set xp = t.xp + excluded.xp;
        update reward.xp_period_totals_seed set done_user_id = batch_end;
        commit;
    end loop;
end;
$$;

call reward.seed_xp_period_totals();

-- The sum is done: its procedure and its progress row go (created above, used by nothing else).
-- squawk-ignore ban-drop-function
drop procedure if exists reward.seed_xp_period_totals(integer);
-- squawk-ignore ban-drop-table
drop table if exists reward.xp_period_totals_seed;

insert into core.table_access (table_name, app_privileges, why)
values ('reward.xp_period_totals', '{SELECT}', 'rollup kept by the ledger trigger')
on conflict (table_name) do nothing;
call core.apply_table_access();
