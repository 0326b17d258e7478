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
-- The rollup starts with the periods now running: the migration sums the
-- ledger since the earliest start of the current day, week and month.
-- Creating the trigger takes a SHARE ROW EXCLUSIVE lock on the ledger, so
-- awards wait while this transaction sums (seconds at most: one month of
-- the ledger, read by its created_at index, 0097); every award committed
-- before is in the sum, every award after goes through the trigger, none
-- is counted twice. Older periods stay on the ledger (snapshot_leaderboard
-- reads it, once a day).
--
-- Written only by the database (the trigger runs as the owner); the
-- application and analysts read it.

create table reward.xp_period_totals (
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

create index idx_xp_period_totals_ranking on reward.xp_period_totals (period, period_start, xp desc, user_id);
create index idx_xp_period_totals_user_id on reward.xp_period_totals (user_id);

create function reward.add_to_xp_periods() returns trigger
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

create trigger xp_ledger_add_to_periods
after insert on reward.xp_ledger
for each row execute function reward.add_to_xp_periods();

insert into reward.xp_period_totals (period, period_start, user_id, xp)
select
    p.period,
    date_trunc(p.period, x.created_at)::date as period_start,
    x.user_id,
    sum(x.final_xp) as xp
from reward.xp_ledger as x
cross join unnest(array['day', 'week', 'month']) as p (period)
where
    x.created_at >= least(date_trunc('week', now()), date_trunc('month', now()))
    and x.created_at >= date_trunc(p.period, now())
group by p.period, date_trunc(p.period, x.created_at)::date, x.user_id;

insert into core.table_access (table_name, app_privileges, why)
values ('reward.xp_period_totals', '{SELECT}', 'rollup kept by the ledger trigger');
call core.apply_table_access();
