-- Near-duplicate detection that scales without pgvector: each embedding
-- gets a locality-sensitive signature, and a new item is compared only
-- with the items that share part of it (0142), not with all of them.
--
-- Random-hyperplane hashing (SimHash): 192 fixed random directions in the
-- 384-dimensional space, in 16 bands of 12. For each band, the 12 signs of
-- the embedding's dot product with its directions make a 12-bit bucket;
-- two vectors at angle t agree on one sign with probability 1 - t/pi, so
-- they share at least one of the 16 buckets with probability
-- 1 - (1 - (1 - t/pi)^12)^16: 0.995 at cosine 0.95 (the default
-- abuse_similarity_min), 0.9995 at 0.97, and about 0.4% for unrelated
-- vectors. A GIN index on the 16 buckets (0141) finds the candidates; the
-- exact cosine then decides, so nothing is flagged that the exhaustive
-- comparison would not flag.
--
-- The directions are drawn once, from a fixed seed (every database has the
-- same ones; a signature never changes); components are standard normal
-- (Box-Muller), which makes every direction equally likely. The signature
-- is kept by a trigger as embeddings are written; 0140 fills the rows
-- already there. Adding the nullable column changes only the catalog.

create table trust.lsh_hyperplanes (
    band integer not null,
    sign_bit integer not null,
    direction real[] not null,
    constraint lsh_hyperplanes_pkey primary key (band, sign_bit),
    constraint lsh_hyperplanes_band_check check (band between 0 and 15),
    constraint lsh_hyperplanes_sign_bit_check check (sign_bit between 0 and 11),
    constraint lsh_hyperplanes_direction_check check (array_ndims(direction) = 1 and array_length(direction, 1) = 384)
);
comment on table trust.lsh_hyperplanes is
'The 192 fixed random directions (16 bands of 12) of the embeddings'' locality-sensitive signatures.';
comment on column trust.lsh_hyperplanes.direction is '384 standard normal components, drawn once from a fixed seed.';

select setseed(0.384);
insert into trust.lsh_hyperplanes (band, sign_bit, direction)
select
    p.n / 12 as band,
    p.n % 12 as sign_bit,
    array_agg((sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))::real order by d.i) as direction
from generate_series(0, 191) as p (n)
cross join generate_series(1, 384) as d (i)
group by p.n
order by p.n;

create function trust.lsh_buckets(p_embedding real[]) returns integer[]
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
    -- One value per band: band * 4096 + the 12-bit bucket of the signs.
    select array_agg(b.band * 4096 + b.bucket order by b.band)
    from (
        select
            h.band,
            sum((1 << h.sign_bit) * (d.dot > 0)::integer)::integer as bucket
        from trust.lsh_hyperplanes as h
        cross join lateral (
            select sum(v.x * v.y) as dot from unnest(p_embedding, h.direction) as v (x, y)
        ) as d
        group by h.band
    ) as b;
$$;
comment on function trust.lsh_buckets(real[]) is
'The 16 locality-sensitive buckets of an embedding (band * 4096 + the signs of its 12 dot products).';

alter table trust.content_embeddings add column lsh_buckets integer[];
comment on column trust.content_embeddings.lsh_buckets is
'trust.lsh_buckets(embedding), kept by a trigger: near-duplicates share at least one (0142).';

create function trust.set_lsh_buckets() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
    new.lsh_buckets := trust.lsh_buckets(new.embedding);
    return new;
end;
$$;
comment on function trust.set_lsh_buckets() is
'BEFORE INSERT OR UPDATE OF embedding on trust.content_embeddings: computes lsh_buckets.';

create trigger content_embeddings_set_lsh_buckets
before insert or update of embedding on trust.content_embeddings
for each row execute function trust.set_lsh_buckets();

update core.table_access set database_columns = database_columns || '{lsh_buckets}'
where table_name = 'trust.content_embeddings';
insert into core.table_access (table_name, app_privileges, why)
values ('trust.lsh_hyperplanes', '{SELECT}', 'fixed once by the migration that draws them');
call core.apply_table_access();
