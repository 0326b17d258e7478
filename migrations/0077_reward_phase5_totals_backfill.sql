-- transactional: false
-- revises: e0b867137c516a8f0cec672a6d050d8cb10e0d06662b867513df929c47347572
--
-- Seed 004, phase 5: total_xp and total_reputation computed from the
-- ledgers for every user (the seed's computeTotals), in committed batches
-- of users by id. Rows written from now on already move the totals (0076).
-- Resumable and idempotent: CALL it again at will. The invariant
-- users_ledger_totals checks the result; the query repair_user_ledger_totals
-- puts back any drift.
--
-- How it stays exact without holding locks while it sums: in one statement
-- (one snapshot) it reads each user's ledger sum P and total T; the
-- difference P - T is what the rows written before 0076 add. It then adds
-- that difference to the total as it is when the row is locked, so awards
-- committed meanwhile (each already added by the trigger) are kept. The
-- sums are computed first (MATERIALIZED), so a batch's rows are locked only
-- for the quick update, in batches of 250 users so that the lock is
-- short. A second run finds every difference 0.
--
-- Revised after release: the first version summed while holding its batch
-- of users locked, which `make bench` measured as seconds of stalled awards
-- for the heaviest users. Its result is the same, so databases that ran it
-- are fine (the `revises` line above).

create procedure reward.backfill_user_totals(batch_size integer default 250, inout users_updated bigint default 0)
language plpgsql as $$
declare
    last_id bigint := 0;
    batch_end bigint;
    updated bigint;
begin
    loop
        select max(id) into batch_end
        from (select id from core.users where id > last_id order by id limit batch_size) as batch;
        exit when batch_end is null;
        with missing as materialized (
            select
                u.id,
                coalesce((select sum(x.final_xp) from reward.xp_ledger as x where x.user_id = u.id), 0)
                - u.total_xp as xp,
                coalesce((select sum(r.change) from reward.reputation_ledger as r where r.user_id = u.id), 0)
                - u.total_reputation as reputation
            from core.users as u
            where u.id > last_id and u.id <= batch_end
        )
        update core.users as u
        set total_xp = u.total_xp + m.xp, total_reputation = u.total_reputation + m.reputation
        from missing as m
        where u.id = m.id and (m.xp <> 0 or m.reputation <> 0);
        get diagnostics updated = row_count;
        users_updated := users_updated + updated;
        last_id := batch_end;
        commit;
    end loop;
end;
$$;
-- (sqlfluff misreads the argument list of COMMENT ON PROCEDURE, hence the noqa.)
comment on procedure reward.backfill_user_totals(integer, bigint) is  -- noqa: LT01
'Sets every user''s total_xp and total_reputation from the ledgers, in committed batches; resumable.';

call reward.backfill_user_totals();
