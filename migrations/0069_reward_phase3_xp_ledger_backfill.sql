-- transactional: false
-- revises: ed27243a5b49bf2f601ae184bc8be4267dd770cdcc6155000d75312f83b1f803
--
-- Seed 004, phase 3, step 2: the backfill base_xp = final_xp = points,
-- reason = description (or ''), event_type = 'LEGACY_POINTS'.
--
-- The seed's single UPDATE would rewrite every row in one transaction,
-- holding row locks on the whole live ledger and bloating it at once. Here a
-- procedure walks the table by primary key in batches of batch_size rows,
-- committing after each, so no lock is held for long and writers go on.
-- It is resumable: it starts from the first row still NULL, so a run that
-- was stopped (crash, lock timeout, max_batches) just continues. It reports
-- the rows it filled. Each batch runs under the runner's lock_timeout.

-- Or replace: a run interrupted after this statement (during the call below) runs
-- the whole file again (revised; same result).
create or replace procedure reward.backfill_xp_ledger(
    batch_size integer default 10000,
    max_batches integer default null,
    inout rows_filled bigint default 0
)
language plpgsql as $$
declare
    last_id bigint;
    batch_end bigint;
    batches integer := 0;
    filled bigint;
begin
    select min(id) - 1 into last_id from reward.xp_ledger where base_xp is null;
    while last_id is not null and (max_batches is null or batches < max_batches) loop
        select max(id) into batch_end
        from (select id from reward.xp_ledger where id > last_id order by id limit batch_size) as batch;
        exit when batch_end is null;
        update reward.xp_ledger
        set base_xp = points, final_xp = points, reason = coalesce(description, ''), event_type = 'LEGACY_POINTS'
        where id > last_id and id <= batch_end and base_xp is null;
        get diagnostics filled = row_count;
        rows_filled := rows_filled + filled;
        last_id := batch_end;
        batches := batches + 1;
        commit;
    end loop;
end;
$$;
-- (sqlfluff misreads the argument list of COMMENT ON PROCEDURE, hence the noqa.)
comment on procedure reward.backfill_xp_ledger(integer, integer, bigint) is  -- noqa: LT01
'Fills the XP breakdown of legacy ledger rows in committed batches; resumable (CALL it again).';

call reward.backfill_xp_ledger();
