-- role: login
--
-- Undo 0001: the (by now empty) schemas go, the bookkeeping goes back to the
-- login user running this, and each role is dropped unless another database
-- of the server still uses it.

drop schema report;
drop schema trust;
drop schema community;
drop schema reward;
drop schema learn;
drop schema quest;
drop schema play;
drop schema chat;
drop schema core;

do $$
declare
    bookkeeping regclass;
begin
    for bookkeeping in
        select c.oid::regclass
        from pg_class as c
        where
            c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
            and (c.relname like '%yoyo%' or c.relname like '\_gamedb%')
    loop
        execute format('alter table %s owner to %I', bookkeeping, current_user);
    end loop;
end;
$$;
revoke create on schema public from gamedb_owner;

do $$
declare
    role_name text;
begin
    foreach role_name in array array['gamedb_readonly', 'gamedb_app', 'gamedb_owner'] loop
        if not exists (
            select 1
            from pg_shdepend as d
            inner join pg_database as db on d.dbid = db.oid
            where d.refobjid = to_regrole(role_name) and db.datname <> current_database()
        ) then
            execute format('drop role if exists %I', role_name);
        end if;
    end loop;
end;
$$;
