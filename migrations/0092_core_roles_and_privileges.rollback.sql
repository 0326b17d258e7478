-- role: login
-- transactional: false
--
-- Undo 0092: every object goes back to the login user running this, the
-- grants and default privileges of the three roles are removed, and the
-- report views and mask functions dropped. The roles themselves are shared
-- by the whole server: each is dropped only when no other database still
-- uses it. Like 0092 it runs outside a transaction, so that each object's
-- exclusive lock ends as soon as it has changed hands.

alter default privileges for role gamedb_owner
in schema core, chat, play, quest, learn, reward, community, trust, report
revoke select on tables from gamedb_readonly;
alter default privileges for role gamedb_owner
in schema core, chat, play, quest, learn, reward, community, trust
revoke select, insert, update, delete on tables from gamedb_app;

-- A table-level REVOKE also takes back the column-level grants.
revoke all on all tables in schema core, chat, play, quest, learn, reward, community, trust, report
from gamedb_app, gamedb_readonly;
revoke usage on schema core, chat, play, quest, learn, reward, community, trust, report
from gamedb_app, gamedb_readonly;

call core.give_objects_to(current_user);
revoke create on schema public from gamedb_owner;
drop procedure core.give_objects_to(text, boolean);

drop view report.flow_runs;
drop view report.conversation_logs;
drop view report.users;
drop schema report;
drop function core.mask_email(text);
drop function core.mask_phone(text);

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
