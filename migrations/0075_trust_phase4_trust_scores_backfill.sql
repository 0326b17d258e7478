-- transactional: false
-- revises: 6ef1318d79aaf0991a43fcd04fa5430e2d3a6724064dc7978e01062d11ba9c30
--
-- Seed 004, phase 4, step 2: a trust score for every existing user (the
-- seed's initializeTrustScores), with the neutral defaults of the table.
-- In committed batches of users by id, resumable like the ledger backfill:
-- a user that already has a score is skipped, so CALL it again at will.

-- Or replace: a run interrupted after this statement (during the call below) runs
-- the whole file again (revised; same result).
create or replace procedure trust.backfill_trust_scores(
    batch_size integer default 10000, inout rows_created bigint default 0
)
language plpgsql as $$
declare
    last_id bigint := 0;
    batch_end bigint;
    created bigint;
begin
    loop
        select max(id) into batch_end
        from (select id from core.users where id > last_id order by id limit batch_size) as batch;
        exit when batch_end is null;
        insert into trust.trust_scores (user_id)
        select u.id from core.users as u where u.id > last_id and u.id <= batch_end
        on conflict (user_id) do nothing;
        get diagnostics created = row_count;
        rows_created := rows_created + created;
        last_id := batch_end;
        commit;
    end loop;
end;
$$;
-- (sqlfluff misreads the argument list of COMMENT ON PROCEDURE, hence the noqa.)
comment on procedure trust.backfill_trust_scores(integer, bigint) is  -- noqa: LT01
'Creates the neutral trust score of every user without one, in committed batches; resumable.';

call trust.backfill_trust_scores();
