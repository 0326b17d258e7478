-- transactional: false
-- revises: e0b867137c516a8f0cec672a6d050d8cb10e0d06662b867513df929c47347572
-- revises: 79a2f557031c9eb1f346b79398d5727dd45df1bfb6fc3d30ea8e68103a294ad0
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
-- difference P - T is what the rows written before 0076 add. A second
-- statement adds that difference to the total as it is when the row is
-- locked, so awards committed meanwhile (each already added by the
-- trigger) are kept. Only that second, quick statement locks a batch of
-- 250 users. A second run finds every difference 0.
--
-- Revised after release: the first version summed while holding its batch
-- of users locked, which `make bench` measured as seconds of stalled awards
-- for the heaviest users. Its result is the same, so databases that ran it
-- are fine (the `revises` line above).

-- Or replace: a run interrupted after this statement (during the call below) runs
-- the whole file again (revised; same result).
create or replace procedure reward.backfill_user_totals(
    batch_size integer default 250, inout users_updated bigint default 0
)
language plpgsql as $$
declare
    last_id bigint := 0;
    batch_end bigint;
    user_ids bigint [];
    xp_missing bigint [];
    reputation_missing bigint [];
    updated bigint;
begin
    loop
        select max(id) into batch_end
        from (select id from core.users where id > last_id order by id limit batch_size) as batch;
        exit when batch_end is null;
        -- One statement, one snapshot: each ledger sum and the total it is compared with. No lock is taken.
        select
            array_agg(u.id),
            array_agg(coalesce((select sum(x.final_xp) from reward.xp_ledger as x where x.user_id = u.id), 0)
                - u.total_xp),
            array_agg(coalesce((select sum(r.change) from reward.reputation_ledger as r where r.user_id = u.id), 0)
                - u.total_reputation)
        into user_ids, xp_missing, reputation_missing
        from core.users as u
        where u.id > last_id and u.id <= batch_end;
        -- Then the short part: add the differences to the totals as they are now.
        update core.users as u
        set total_xp = u.total_xp + m.xp, total_reputation = u.total_reputation + m.reputation
        from unnest(user_ids, xp_missing, reputation_missing) as m (id, xp, reputation)
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
