-- description: no partition grants anything to gamedb_app or gamedb_readonly (they go through the partitioned table)
select
    c.oid::regclass::text as partition_name,
    a.grantee::regrole::text as role_name,
    a.privilege_type as privilege
from pg_class as c
inner join pg_namespace as n on c.relnamespace = n.oid
cross join lateral aclexplode(c.relacl) as a
where
    c.relispartition
    and n.nspowner = 'gamedb_owner'::regrole
    and a.grantee in ('gamedb_app'::regrole, 'gamedb_readonly'::regrole)
union all
select
    c.oid::regclass::text as partition_name,
    a.grantee::regrole::text as role_name,
    a.privilege_type || ' (' || att.attname || ')' as privilege
from pg_class as c
inner join pg_namespace as n on c.relnamespace = n.oid
inner join pg_attribute as att on c.oid = att.attrelid and att.attnum > 0
cross join lateral aclexplode(att.attacl) as a
where
    c.relispartition
    and n.nspowner = 'gamedb_owner'::regrole
    and a.grantee in ('gamedb_app'::regrole, 'gamedb_readonly'::regrole)
order by partition_name, role_name, privilege
