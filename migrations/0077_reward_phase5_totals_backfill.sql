-- transactional: false
--
-- Seed 004, phase 5: total_xp and total_reputation computed from the
-- ledgers for every user (the seed's computeTotals), in committed batches
-- of users by id. Rows written from now on already move the totals (0076);
-- a batch locks its users while it sums, so a concurrent award waits for
-- it. Resumable and idempotent: it sets, not adds, so CALL it again at will.
-- The invariant users_ledger_totals checks the result; the query
-- repair_user_ledger_totals puts back any drift.

create procedure reward.backfill_user_totals(batch_size integer default 5000, inout users_updated bigint default 0)
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
        perform 1 from core.users where id > last_id and id <= batch_end for update;
        update core.users as u
        set
            total_xp = coalesce((select sum(x.final_xp) from reward.xp_ledger as x where x.user_id = u.id), 0),
            total_reputation = coalesce(
                (select sum(r.change) from reward.reputation_ledger as r where r.user_id = u.id), 0
            )
        where u.id > last_id and u.id <= batch_end;
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
