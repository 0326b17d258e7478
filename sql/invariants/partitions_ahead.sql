-- description: every partitioned log has its partitions for this month and the next two (maintain_partitions)
select
    p.partrelid::regclass::text as table_name,
    coalesce(max(b.ends)::text, 'no partition') as covered_until
from pg_partitioned_table as p
inner join pg_class as c on p.partrelid = c.oid
inner join pg_namespace as n on c.relnamespace = n.oid
left join lateral core.partition_bounds(p.partrelid) as b on true
where n.nspowner = 'gamedb_owner'::regrole
group by p.partrelid
having coalesce(max(b.ends), '-infinity') < date_trunc('month', now()) + interval '3 months'
order by p.partrelid::regclass::text
