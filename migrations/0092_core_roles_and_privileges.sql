-- role: login
-- transactional: false
--
-- Least-privilege roles. Roles are shared by every database of the server,
-- so they are created only if missing (a DBA may create them beforehand;
-- then this migration needs no CREATEROLE). Login users are granted these
-- roles and never rights of their own:
--   gamedb_owner     owns every schema and object and runs migrations
--                    (gamedb migrate switches to it once it owns the schemas);
--   gamedb_app       what the application and the cron queries need: read
--                    and write rows; on the append-only tables only read and
--                    insert; no DDL (no CREATE on any schema), no TRUNCATE;
--                    award rules are code, so it can only read them;
--   gamedb_readonly  reads for reports, but never a personal column (phone,
--                    e-mail, names, message texts, tokens, a child's name):
--                    on those tables it may read only the other columns, and
--                    the report schema's views give it the masked rows.
-- This migration runs as the login user (the `role: login` line above): it
-- must be a superuser, or a member of gamedb_owner that owns the objects.
-- New tables created by gamedb_owner get the app and read-only grants by
-- default privileges; a new table with personal or append-only data must
-- narrow them in its own migration.
--
-- Changing a table's owner locks it exclusively until commit. Done in one
-- transaction, every hot table would stay locked until the last object was
-- handed over (`make bench` measured a second of stalled writes), so this
-- file runs outside a transaction: each object is handed over and committed
-- on its own. Every statement can run again, so a run that failed half way
-- is finished by the next `gamedb migrate`.

do $$
declare
    role_name text;
begin
    foreach role_name in array array['gamedb_owner', 'gamedb_app', 'gamedb_readonly'] loop
        if not exists (select 1 from pg_roles where rolname = role_name) then
            begin
                execute format('create role %I nologin', role_name);
            exception
                -- Another database of this server created it at the same moment.
                when duplicate_object or unique_violation then null;
            end;
        end if;
    end loop;
    if not pg_has_role(current_user, 'gamedb_owner', 'member') then
        raise exception 'migration 0092 must run as a superuser or a member of gamedb_owner, not as %', current_user
            using errcode = 'insufficient_privilege',
            hint = 'A DBA runs: grant gamedb_owner to ' || current_user;
    end if;
end;
$$;

-- Migrations run as gamedb_owner from now on; yoyo keeps its bookkeeping
-- in the public schema and, on connecting, checks that DDL is transactional
-- by creating a scratch table there. Without CREATE on public that check
-- fails and yoyo would treat every migration as non-transactional.
grant create on schema public to gamedb_owner;

create or replace function core.mask_phone(phone text) returns text
language sql immutable parallel safe
return repeat('*', greatest(length(phone) - 2, 0)) || right(phone, 2);
comment on function core.mask_phone(text) is 'A phone number with all but its last two characters hidden.';

create or replace function core.mask_email(email text) returns text
language sql immutable parallel safe
return left(email, 1) || '***@' || split_part(email, '@', 2);
comment on function core.mask_email(text) is 'An e-mail address with the mailbox hidden but its first letter.';

create schema if not exists report;
comment on schema report is
'Views for reports and analysts: the personal columns masked (gamedb_readonly reads these).';

create or replace view report.users as
select
    u.id,
    u.php_user_id,
    core.mask_phone(u.phone) as phone,
    core.mask_email(u.email) as email,
    u.preferred_language,
    u.mode,
    u.total_games_played,
    u.total_rewards_earned,
    u.loyalty_points,
    u.total_xp,
    u.total_reputation,
    u.trust_score_cache,
    u.is_shadow_banned,
    u.is_suspended,
    u.leaderboard_opt_out,
    u.created_at,
    u.last_active_at
from core.users as u;
comment on view report.users is 'core.users without names, with phone and e-mail masked.';

create or replace view report.conversation_logs as
select
    c.id,
    c.user_id,
    c.session_id,
    core.mask_phone(c.phone_number) as phone_number,
    c.channel,
    length(c.user_message) as user_message_length,
    length(c.bot_response) as bot_response_length,
    c.message_type,
    c.nlu_intent,
    c.nlu_confidence,
    c.nlu_language,
    c.nlu_tone,
    c.nlu_provider,
    c.nlu_processing_time_ms,
    c.routed_to,
    c.response_type,
    c.response_success,
    c.response_time_ms,
    c.turn_number,
    c.is_training_candidate,
    c.created_at
from chat.conversation_logs as c;
comment on view report.conversation_logs is
'chat.conversation_logs with the phone masked and the message texts (and context) replaced by their lengths.';

create or replace view report.flow_runs as
select
    f.id,
    f.flow_id,
    f.session_id,
    core.mask_phone(f.phone_number) as phone_number,
    f.current_state,
    f.status,
    f.started_at,
    f.completed_at
from chat.flow_runs as f;
comment on view report.flow_runs is 'chat.flow_runs with the phone masked and without the run''s context.';

-- Hand every object to gamedb_owner: our schemas with their tables, views,
-- sequences, functions, procedures and types, and the migration
-- bookkeeping tables, which migrations write from now on as gamedb_owner.
-- The rollback hands them back with the same procedure.
create or replace procedure core.give_objects_to(new_owner text, commit_each boolean default true)
language plpgsql as $$
declare
    gamedb_schemas constant text [] := array[
        'core', 'chat', 'play', 'quest', 'learn', 'reward', 'community', 'trust', 'report'
    ];
    statement text;
begin
    for statement in
        select format('alter schema %I owner to %I', n.nspname, new_owner)
        from pg_namespace as n
        where n.nspname = any(gamedb_schemas)
        union all
        select format(
            'alter %s %s owner to %I',
            case c.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'S' then 'sequence'
                else 'table' end,
            c.oid::regclass,
            new_owner
        )
        from pg_class as c
        inner join pg_namespace as n on c.relnamespace = n.oid
        where
            c.relkind in ('r', 'p', 'v', 'm', 'S')
            and (
                n.nspname = any(gamedb_schemas)
                or (n.nspname = 'public' and (c.relname like '%yoyo%' or c.relname like '\_gamedb%'))
            )
            -- Identity sequences follow their table.
            and not (c.relkind = 'S' and exists (
                select 1 from pg_depend as d where d.objid = c.oid and d.deptype in ('a', 'i')
            ))
        union all
        select format('alter routine %s owner to %I', p.oid::regprocedure, new_owner)
        from pg_proc as p
        inner join pg_namespace as n on p.pronamespace = n.oid
        where n.nspname = any(gamedb_schemas)
        union all
        -- Composite types of their own (a table's row type follows the table).
        select format('alter type %s owner to %I', t.oid::regtype, new_owner)
        from pg_type as t
        inner join pg_namespace as n on t.typnamespace = n.oid
        inner join pg_class as c on t.typrelid = c.oid
        where
            n.nspname = any(gamedb_schemas)
            and c.relkind = 'c'
    loop
        execute statement;
        -- Each object's exclusive lock ends here, not at the end of the whole hand-over.
        if commit_each then
            commit;
        end if;
    end loop;
end;
$$;
comment on procedure core.give_objects_to(text, boolean) is  -- noqa: LT01
'Makes new_owner the owner of every gamedb schema and object and of the migration bookkeeping tables, '
'committing after each unless commit_each is false (to commit, CALL it outside a transaction).';

call core.give_objects_to('gamedb_owner');

grant usage on schema core, chat, play, quest, learn, reward, community, trust, report to gamedb_app, gamedb_readonly;

grant select, insert, update, delete
on all tables in schema core, chat, play, quest, learn, reward, community, trust to gamedb_app;
-- Append-only tables: the triggers refuse changes too; the app is not even granted them.
revoke update, delete on
core.gamification_settings_history, reward.xp_ledger, reward.reputation_ledger, reward.leaderboard_snapshots,
reward.award_rule_versions, reward.award_changes, reward.streak_events
from gamedb_app;
revoke insert, update, delete on reward.award_rules from gamedb_app;
grant select on all tables in schema report to gamedb_app;

grant select on all tables in schema core, chat, play, quest, learn, reward, community, trust, report
to gamedb_readonly;
-- Tables with personal columns: only their other columns, named one by one.
do $$
declare
    personal record;
    readable text;
begin
    for personal in
        select p.table_name::regclass as table_name, p.columns
        from (
            values
            ('core.users', array['phone', 'email', 'first_name', 'last_name', 'parent_name']),
            ('core.accounts', array['access_token', 'refresh_token']),
            ('core.verification_tokens', array['identifier', 'token']),
            ('chat.conversation_logs', array['phone_number', 'user_message', 'bot_response', 'conversation_context']),
            ('chat.conversation_memory', array['content']),
            ('chat.flow_runs', array['phone_number', 'context']),
            ('chat.training_samples', array['text', 'context']),
            ('quest.child_privacy_settings', array['child_display_name'])
        ) as p (table_name, columns)
    loop
        select string_agg(quote_ident(a.attname), ', ' order by a.attnum) into readable
        from pg_attribute as a
        where
            a.attrelid = personal.table_name and a.attnum > 0 and not a.attisdropped
            and a.attname <> all(personal.columns);
        execute format('revoke select on %s from gamedb_readonly', personal.table_name);
        execute format('grant select (%s) on %s to gamedb_readonly', readable, personal.table_name);
    end loop;
end;
$$;

alter default privileges for role gamedb_owner
in schema core, chat, play, quest, learn, reward, community, trust
grant select, insert, update, delete on tables to gamedb_app;
alter default privileges for role gamedb_owner
in schema core, chat, play, quest, learn, reward, community, trust, report
grant select on tables to gamedb_readonly;
