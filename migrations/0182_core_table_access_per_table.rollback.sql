-- revises: ac90c9950b0d4b56a9db29c00084893e12ed09f8ec77cd08d466018efa340025
-- Undo 0182: core.apply_table_access() grants every declared table itself,
-- as 0105 wrote it, and the one-table procedure goes. Privileges are
-- unchanged.

create or replace procedure core.apply_table_access()
language plpgsql as $$
declare
    entry core.table_access;
    privilege text;
    allowed text;
begin
    -- Only the tables whose grants differ from what this loop would grant them (the
    -- same privileges, in the same form: a grant on the table also covers a column
    -- added later, grants on each column do not). Re-granting a table already as
    -- declared changes nothing, yet rewrites its catalog rows, and every open session
    -- then drops its cached plans on it (revised after release: see 0105's header).
    for entry in
        select t.* from core.table_access as t
        left join pg_class as c on c.oid = to_regclass(t.table_name)
        where c.oid is null or array(
            -- Granted now: one line per privilege of either role, on the table or a column.
            select format('%s %s%s by %s%s', x.grantee::regrole, x.privilege_type,
                ' (' || a.attname || ')', x.grantor::regrole, case when x.is_grantable then ' with grant option' end)
            from (
                select null::name as attname, c.relacl as acl
                union all
                select a.attname, a.attacl from pg_attribute as a
                where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
            ) as a
            cross join lateral aclexplode(a.acl) as x
            where x.grantee in ('gamedb_app'::regrole, 'gamedb_readonly'::regrole)
            order by 1
        ) <> array(
            -- Granted by the loop: the same lines, from the row. A privilege the row limits to
            -- some columns joins a line per column; any other joins none and is one line.
            select format('%s %s%s by %s', g.role_name, g.privilege, ' (' || g.attname || ')', c.relowner::regrole)
            from (
                select 'gamedb_app' as role_name, p.privilege, a.attname
                from unnest(t.app_privileges) as p (privilege)
                left join pg_attribute as a
                    on
                        p.privilege in ('INSERT', 'UPDATE') and (
                            t.database_columns <> '{}'
                            or (p.privilege = 'UPDATE' and t.app_update_columns is not null)
                        )
                        and a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                        and a.attname <> all(t.database_columns)
                        and (p.privilege = 'INSERT' or t.app_update_columns is null
                            or a.attname = any(t.app_update_columns))
                union all
                select 'gamedb_readonly', 'SELECT', a.attname
                from (select) as one
                left join pg_attribute as a
                    on
                        t.personal_columns <> '{}'
                        and a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                        and a.attname <> all(t.personal_columns)
            ) as g
            order by 1
        )
        order by t.table_name
    loop
        -- A table-level REVOKE also takes back the column-level grants.
        execute format('revoke all on %s from gamedb_app, gamedb_readonly', entry.table_name::regclass);
        foreach privilege in array entry.app_privileges loop
            if privilege in ('INSERT', 'UPDATE') and (
                entry.database_columns <> '{}' or (privilege = 'UPDATE' and entry.app_update_columns is not null)
            ) then
                select string_agg(quote_ident(a.attname), ', ' order by a.attnum) into allowed
                from pg_attribute as a
                where
                    a.attrelid = entry.table_name::regclass and a.attnum > 0 and not a.attisdropped
                    and a.attname <> all(entry.database_columns)
                    and (privilege = 'INSERT' or entry.app_update_columns is null
                        or a.attname = any(entry.app_update_columns));
                execute format('grant %s (%s) on %s to gamedb_app', privilege, allowed, entry.table_name::regclass);
            else
                execute format('grant %s on %s to gamedb_app', privilege, entry.table_name::regclass);
            end if;
        end loop;
        if entry.personal_columns = '{}' then
            execute format('grant select on %s to gamedb_readonly', entry.table_name::regclass);
        else
            select string_agg(quote_ident(a.attname), ', ' order by a.attnum) into allowed
            from pg_attribute as a
            where
                a.attrelid = entry.table_name::regclass and a.attnum > 0 and not a.attisdropped
                and a.attname <> all(entry.personal_columns);
            execute format('grant select (%s) on %s to gamedb_readonly', allowed, entry.table_name::regclass);
        end if;
    end loop;
end;
$$;

drop procedure core.apply_table_access(regclass);
