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
    for entry in select * from core.table_access order by table_name loop
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
