-- role: login
--
-- The roles and the module schemas. Every later file runs as gamedb_owner
-- (gamedb migrate switches to it once it owns the schema core), so what
-- they create belongs to it; this one runs as the login user, which must be
-- a superuser or a member of gamedb_owner.
--
-- Roles are shared by every database of the server, so they are created
-- only if missing (a DBA may create them beforehand; then this file needs
-- no CREATEROLE). Login users are granted these roles, never rights of
-- their own:
--   gamedb_owner     owns every schema and object and runs migrations;
--   gamedb_app       what the application and the cron queries need (the
--                    last file, the access declaration, says table by table);
--   gamedb_readonly  reads for reports, never a personal column: the report
--                    schema's views give it the masked rows.

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
        raise exception 'the first migration must run as a superuser or a member of gamedb_owner, not as %',
            current_user
            using errcode = 'insufficient_privilege',
            hint = 'A DBA runs: grant gamedb_owner to ' || current_user;
    end if;
end;
$$;

-- yoyo keeps its bookkeeping in the public schema and, on connecting, checks
-- that DDL is transactional by creating a scratch table there: the owner,
-- which runs the migrations, needs CREATE on it and owns the bookkeeping.
grant create on schema public to gamedb_owner;
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
        execute format('alter table %s owner to gamedb_owner', bookkeeping);
    end loop;
end;
$$;

-- One schema per module: a DBA sees the domain in every name.
create schema core authorization gamedb_owner;
comment on schema core is 'Shared identity (one row per person), typed settings with history, shared functions.';
create schema chat authorization gamedb_owner;
comment on schema chat is 'Chat assistant: flows, flow runs, conversation memory and logs, NLU training samples.';
create schema play authorization gamedb_owner;
comment on schema play is 'Mini-games: game sessions, the question bank, reward crediting to the wallet.';
create schema quest authorization gamedb_owner;
comment on schema quest is
'Therapeutic and educational quests: builder sessions, psychologist reviews, marketplace, progress, recovery tracks.';
create schema learn authorization gamedb_owner;
comment on schema learn is
'Courses and lessons, enrolments, progress, quizzes, certificates, course assets, AI analyses.';
create schema reward authorization gamedb_owner;
comment on schema reward is
'Achievements and their unlocks, challenges, nudges; later XP and reputation ledgers, badges, streaks.';
create schema community authorization gamedb_owner;
comment on schema community is 'Q&A learning community: doubts, answers, votes, communities, the vote graph.';
create schema trust authorization gamedb_owner;
comment on schema trust is 'Trust scores, abuse flags, moderation, NLI fact-check logs, content embeddings.';
create schema report authorization gamedb_owner;
comment on schema report is
'Views for reports and analysts: the personal columns masked (gamedb_readonly reads these).';
