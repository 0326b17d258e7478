-- core.apply_table_access(table): the privileges of gamedb_app and
-- gamedb_readonly on one declared table made equal to its row in
-- core.table_access (0105), and core.apply_table_access() doing so for
-- every table by calling it: one statement of the rule, two reaches.
--
-- Why: a migration that swaps a table for its partitioned successor
-- (0183, 0184) grants the new table inside the swap's transaction, while
-- it holds the locks that make writers wait. Re-granting every declared
-- table there took 30 ms of the swap's 50 (measured on the benchmark's
-- production-size database); granting the one table swapped takes well
-- under one. A name that is not declared is refused by name.

create procedure core.apply_table_access(p_table regclass)
language plpgsql as $$
declare
    entry core.table_access;
    privilege text;
    allowed text;
begin
    select * into entry from core.table_access as t where t.table_name::regclass = p_table;
    if not found then
        raise exception 'core.apply_table_access: % has no row in core.table_access', p_table
            using errcode = 'invalid_parameter_value';
    end if;
    -- A table-level REVOKE also takes back the column-level grants.
    execute format('revoke all on %s from gamedb_app, gamedb_readonly', p_table);
    foreach privilege in array entry.app_privileges loop
        if privilege in ('INSERT', 'UPDATE') and (
            entry.database_columns <> '{}' or (privilege = 'UPDATE' and entry.app_update_columns is not null)
        ) then
            select string_agg(quote_ident(a.attname), ', ' order by a.attnum) into allowed
            from pg_attribute as a
            where
                a.attrelid = p_table and a.attnum > 0 and not a.attisdropped
                and a.attname <> all(entry.database_columns)
                and (privilege = 'INSERT' or entry.app_update_columns is null
                    or a.attname = any(entry.app_update_columns));
            execute format('grant %s (%s) on %s to gamedb_app', privilege, allowed, p_table);
        else
            execute format('grant %s on %s to gamedb_app', privilege, p_table);
        end if;
    end loop;
    if entry.personal_columns = '{}' then
        execute format('grant select on %s to gamedb_readonly', p_table);
    else
        select string_agg(quote_ident(a.attname), ', ' order by a.attnum) into allowed
        from pg_attribute as a
        where
            a.attrelid = p_table and a.attnum > 0 and not a.attisdropped
            and a.attname <> all(entry.personal_columns);
        execute format('grant select (%s) on %s to gamedb_readonly', allowed, p_table);
    end if;
end;
$$;
comment on procedure core.apply_table_access (regclass) is
'Makes the privileges of gamedb_app and gamedb_readonly on one declared table equal to its row in core.table_access.';
-- Migrations call it, as the owner; as core.apply_table_access() (0105), nobody else may.
revoke execute on procedure core.apply_table_access(regclass) from public;

create or replace procedure core.apply_table_access()
language plpgsql as $$
declare
    declared text;
begin
    for declared in select t.table_name from core.table_access as t order by t.table_name loop
        call core.apply_table_access(declared::regclass);
    end loop;
end;
$$;
