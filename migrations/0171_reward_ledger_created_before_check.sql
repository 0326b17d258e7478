-- transactional: false
--
-- Third of six steps that partition both ledgers by month of created_at
-- (0172 says why). Two CHECKs per ledger, each added NOT VALID (a short
-- lock, no scan), then validated in its own transaction (VALIDATE scans
-- the table under a lock that lets awards go on):
--   * every row is before a boundary: the rows already written become the
--     first partition, which holds every time up to it, and attaching a
--     table as a partition checks that its rows fit, by a scan under an
--     exclusive lock, unless a validated CHECK proves it already. The
--     boundary is the first day of the month after next, or later if a row
--     already says a later time; it depends on the day this runs, hence the
--     dynamic statement, and 0172/0173 read it back from the constraint;
--   * a correction names its row's time (0169 filled it for the rows
--     written before), so that the foreign key of 0174 checks every
--     correction: a key with a NULL column is not checked. This one stays.

do $$
declare
    ledger text;
    latest timestamptz;
begin
    foreach ledger in array array['xp_ledger', 'reputation_ledger'] loop
        execute format('select max(created_at) from reward.%I', ledger) into latest;
        if not exists (
            select from pg_constraint
            where
                conrelid = format('reward.%I', ledger)::regclass
                and conname = ledger || '_created_before_partitioning'
        ) then
            execute format(
                'alter table reward.%1$I add constraint %2$I check (created_at < %3$L) not valid',
                ledger, ledger || '_created_before_partitioning',
                greatest(
                    date_trunc('month', now()) + interval '2 months',
                    date_trunc('month', latest) + interval '1 month'
                )
            );
        end if;
        if not exists (
            select from pg_constraint
            where
                conrelid = format('reward.%I', ledger)::regclass
                and conname = ledger || '_corrects_created_at_check'
        ) then
            execute format(
                'alter table reward.%1$I add constraint %2$I'
                ' check ((corrects_id is null) = (corrects_created_at is null)) not valid',
                ledger, ledger || '_corrects_created_at_check'
            );
        end if;
    end loop;
end;
$$;

alter table reward.xp_ledger validate constraint xp_ledger_created_before_partitioning;
alter table reward.xp_ledger validate constraint xp_ledger_corrects_created_at_check;
alter table reward.reputation_ledger validate constraint reputation_ledger_created_before_partitioning;
alter table reward.reputation_ledger validate constraint reputation_ledger_corrects_created_at_check;
