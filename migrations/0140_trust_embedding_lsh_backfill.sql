-- transactional: false
-- revises: 038ab9bcc2ac5576c3999bfb81ccdf53a4167ef49aab440b8a7523a53992523c
--
-- Fills lsh_buckets of the embeddings written before 0139, in committed
-- batches by id (each a few seconds at most: a signature costs about
-- 15 ms), so no row stays locked for long. Resumable: it starts from the
-- rows still without buckets, so CALL it again after a stop. Until it is
-- done, near-duplicates of those rows are found by the exhaustive path
-- only (0142 compares candidates that share a bucket).

-- Or replace: a run interrupted after this statement (during the call below) runs
-- the whole file again (revised; same result).
create or replace procedure trust.backfill_lsh_buckets(
    batch_size integer default 200, inout rows_filled bigint default 0
)
language plpgsql as $$
declare
    filled bigint;
begin
    loop
        update trust.content_embeddings as c
        set lsh_buckets = trust.lsh_buckets(c.embedding)
        where c.id in (
            select e.id from trust.content_embeddings as e
            where e.lsh_buckets is null
            order by e.id
            limit batch_size
        );
        get diagnostics filled = row_count;
        exit when filled = 0;
        rows_filled := rows_filled + filled;
        commit;
    end loop;
end;
$$;
-- (sqlfluff misreads the argument list of COMMENT ON PROCEDURE, hence the noqa.)
comment on procedure trust.backfill_lsh_buckets(integer, bigint) is  -- noqa: LT01
'Fills lsh_buckets of embeddings written before 0139, in committed batches; resumable (CALL it again).';

call trust.backfill_lsh_buckets();
