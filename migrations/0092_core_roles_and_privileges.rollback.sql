-- role: login
-- transactional: false
-- revises: a453ca874a66073c3218954ae6222a83b54d0d19a21a7bed8de6b40c1c01393d
--
-- Undo 0092: every object goes back to the login user running this, the
-- grants and default privileges of the three roles are removed, and the
-- report views and mask functions dropped. The roles themselves are shared
-- by the whole server: each is dropped only when no other database still
-- uses it. Like 0092 it runs outside a transaction, so that each object's
-- exclusive lock ends as soon as it has changed hands. Each step can run
-- again after a rollback interrupted part way (revised; same result): what
-- is done already is skipped.

-- The grants of the two roles go, in one transaction. The schemas are those
-- 0092 gave the roles USAGE on; once this step has run there are none, so a
-- rollback interrupted later and run again passes over it.
do $$
declare
    granted text;
begin
    select string_agg(quote_ident(n.nspname), ', ' order by n.nspname) into granted
    from pg_namespace as n, aclexplode(n.nspacl) as a
    where a.grantee = to_regrole('gamedb_readonly') and a.privilege_type = 'USAGE';
    if granted is null then
        return;
    end if;
    execute format(
        'alter default privileges for role gamedb_owner in schema %s revoke select on tables from gamedb_readonly',
        granted
    );
    execute format(
        'alter default privileges for role gamedb_owner in schema %s '
        'revoke select, insert, update, delete on tables from gamedb_app',
        granted
    );
    -- A table-level REVOKE also takes back the column-level grants.
    execute format('revoke all on all tables in schema %s from gamedb_app, gamedb_readonly', granted);
    execute format('revoke usage on schema %s from gamedb_app, gamedb_readonly', granted);
    revoke create on schema public from gamedb_owner;
end;
$$;

-- Every object back to the login running this, committed one by one. The
-- procedure is dropped once the hand-over is complete, so a rerun skips it then.
do $$
begin
    if to_regprocedure('core.give_objects_to(text, boolean)') is not null then
        call core.give_objects_to(current_user);
    end if;
end;
$$;
drop procedure if exists core.give_objects_to(text, boolean);

drop view if exists report.flow_runs;
drop view if exists report.conversation_logs;
drop view if exists report.users;
drop schema if exists report;
drop function if exists core.mask_email(text);
drop function if exists core.mask_phone(text);

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
