-- revises: d3b9e005c3928e2dd676311b55abc4c6062a89428bceb77907eb6d38bcc5c0ef
--
-- What each role may do to each table, declared once, applied from the
-- declaration, and checked against the live database.
--
-- 0092 gave gamedb_app every row privilege on every table but the ledgers,
-- and the adversarial review found what followed (README, "Threat model"):
-- the application could reset the daily cap, set a user's totals, rewrite
-- the settings and their history, delete a moderator's decision, and edit
-- or delete the moderation, fact-check, behaviour and nudge logs; it could
-- even write through the views, which run as their owner. core.table_access
-- is now the one statement of who may do what:
--   app_privileges       what gamedb_app may do (SELECT, INSERT, UPDATE,
--                        DELETE); never TRUNCATE, REFERENCES or TRIGGER;
--   app_update_columns   when set, its UPDATE is limited to these columns;
--   database_columns     columns only the database writes (triggers and its
--                        SECURITY DEFINER functions): the application may
--                        neither insert nor update them;
--   personal_columns     a person's words and identifiers: hidden from
--                        gamedb_readonly, erased by core.forget_user;
--   why                  why, in a line.
-- gamedb_readonly may read every column that is not personal, nothing else.
-- core.apply_table_access() makes the grants equal to the declaration
-- (run here, and by any later migration that changes a row), and the view
-- core.table_access_drift lists every difference between the two: the
-- invariant privileges_match_declaration reports it in `gamedb check`, and
-- a table without a row is a difference too, so a new table must be
-- declared. Module schemas are those gamedb_owner owns.
--
-- GRANT and REVOKE take no lock on the tables' rows: the application keeps
-- running; it loses the privileges when this commits.
--
-- Revised after release: core.apply_table_access() first re-granted every
-- declared table on each call; it now leaves alone each table already
-- granted exactly what it would grant (the same privileges, in the same
-- form, by the same grantor; core.table_access_drift compares privileges
-- only, not their form, so it is not used for this). The grants it leaves
-- are the same (a replay of every migration and rollback with each version,
-- compared after every step, found no difference); the migrations and
-- rollbacks that call it now rewrite only the grants of the tables they
-- changed, not those of every table.

create table core.table_access (
    table_name text primary key,
    app_privileges text[] not null,
    app_update_columns text[],
    database_columns text[] not null default '{}',
    personal_columns text[] not null default '{}',
    why text not null,
    constraint table_access_privileges_check check (
        app_privileges <@ array['SELECT', 'INSERT', 'UPDATE', 'DELETE']
        and (app_update_columns is null or 'UPDATE' = any(app_privileges))
    )
);
comment on table core.table_access is
'Who may do what to each table and view: the grants of gamedb_app and gamedb_readonly are made from it '
'(core.apply_table_access) and checked against it (core.table_access_drift).';
comment on column core.table_access.table_name is 'schema.table, as format(''%I.%I'') writes it.';
comment on column core.table_access.app_privileges is 'What gamedb_app may do: SELECT, INSERT, UPDATE, DELETE.';
comment on column core.table_access.app_update_columns is 'When set, gamedb_app may UPDATE only these columns.';
comment on column core.table_access.database_columns is
'Columns written only by the database (triggers, SECURITY DEFINER functions): '
'gamedb_app may not insert or update them.';
comment on column core.table_access.personal_columns is
'A person''s words and identifiers: gamedb_readonly may not read them; core.forget_user erases them.';
comment on column core.table_access.why is 'Why the table is declared so.';

insert into core.table_access (
    table_name, app_privileges, app_update_columns, database_columns, personal_columns, why
)
values
(
    'chat.conversation_logs', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}',
    '{phone_number,user_message,bot_response,conversation_context,nlu_entities}',
    'chat history; apply_retention removes old rows'
),
('chat.conversation_memory', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{content}', 'the bot''s memory of a user'),
('chat.flow_runs', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{phone_number,context}', 'running conversations'),
(
    'chat.flows', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}',
    'flow definitions; a trigger keeps system-critical flows working: only the owner changes them'
),
(
    'chat.training_samples', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{text,context,entities}',
    'NLU training data'
),
(
    'community.answer_votes', '{SELECT,INSERT}', null, '{}', '{}',
    'a vote is kept: the reputation it gave names it'
),
('community.answers', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{body}', 'answers to doubts'),
('community.communities', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'communities'),
('community.community_doubts', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'doubts posted in a community'),
('community.community_members', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'membership'),
(
    'community.doubt_votes', '{SELECT,INSERT}', null, '{}', '{}',
    'a vote is kept: the reputation it gave names it'
),
('community.doubts', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{title,body}', 'questions asked'),
('community.vote_graph', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'rebuilt by refresh_vote_graph'),
('community.user_votes', '{SELECT}', null, '{}', '{}', 'view'),
(
    'core.accounts', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{provider_account_id,access_token,refresh_token}',
    'sign-in accounts'
),
(
    'core.event_logs', '{SELECT,INSERT,UPDATE,DELETE}', '{processed_at}', '{}', '{metadata}',
    'append-only but for marking processed and retention (trigger event_logs_guard)'
),
('core.gamification_settings', '{SELECT}', null, '{}', '{}', 'changed only through core.set_setting, within range'),
('core.gamification_settings_history', '{SELECT}', null, '{}', '{}', 'written only by the settings trigger'),
('core.table_access', '{SELECT}', null, '{}', '{}', 'this declaration; changed only by migrations'),
('core.table_access_drift', '{SELECT}', null, '{}', '{}', 'view'),
(
    'core.users', '{SELECT,INSERT,UPDATE}', null,
    '{total_games_played,total_rewards_earned,total_xp,total_reputation,forgotten_at}',
    '{phone,email,first_name,last_name,parent_name,preferences,interests,learning_profile}',
    'a person is forgotten (forget_user), never deleted; totals follow the ledgers and games'
),
(
    'core.verification_tokens', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{identifier,token}',
    'sign-in tokens'
),
('learn.ai_analyses', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{result}', 'AI analyses of a learner'),
('learn.behavior_logs', '{SELECT,INSERT}', null, '{}', '{metadata}', 'append-only log'),
('learn.certificates', '{SELECT,INSERT}', null, '{}', '{}', 'issued certificates are kept'),
('learn.concept_attempts', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'learning data'),
('learn.concept_prerequisites', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'catalogue'),
('learn.concepts', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'catalogue'),
('learn.course_assets', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'catalogue'),
('learn.courses', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'catalogue'),
('learn.enrollments', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'learning data'),
('learn.lesson_progress', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'learning data'),
('learn.lessons', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'catalogue'),
('learn.mastery_records', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'learning data'),
('learn.quiz_attempts', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'learning data'),
('learn.rubric_evaluations', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'learning data'),
('play.game_questions', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'catalogue'),
(
    'play.game_sessions', '{SELECT}', null, '{}', '{}',
    'played only through play.start_game, complete_game, claim_pending_rewards, record_reward_result'
),
('play.user_game_totals', '{SELECT}', null, '{}', '{}', 'view'),
(
    'quest.child_privacy_settings', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{child_display_name}',
    'a parent''s consent; a trigger stamps each change'
),
('quest.psychologist_reviews', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'quest reviews'),
(
    'quest.quest_builder_sessions', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}',
    '{conversation_history,quest_context,current_graph}', 'a parent''s conversation about their child'
),
('quest.quest_progress', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'consent-gated progress'),
('quest.quest_ratings', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{review_text}', 'ratings'),
('quest.quests', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'catalogue'),
('quest.user_quest_library', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'a user''s quests'),
('quest.user_tracks', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'recovery tracks'),
('quest.quest_summaries', '{SELECT}', null, '{}', '{}', 'view'),
('report.conversation_logs', '{SELECT}', null, '{}', '{}', 'view, personal columns masked'),
('report.flow_runs', '{SELECT}', null, '{}', '{}', 'view, personal columns masked'),
('report.users', '{SELECT}', null, '{}', '{}', 'view, personal columns masked'),
('reward.achievement_progress', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'progress'),
('reward.achievements', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'catalogue'),
('reward.award_changes', '{SELECT,INSERT}', null, '{}', '{}', 'append-only log of award runs'),
('reward.award_rule_versions', '{SELECT}', null, '{}', '{}', 'written only by the award rules trigger'),
('reward.award_rules', '{SELECT}', null, '{}', '{}', 'rules are code: changed by migrations'),
('reward.award_runs', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'written by run_award_rules'),
('reward.badge_grants', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'granted and revoked by award rules'),
('reward.badges', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'catalogue'),
('reward.challenge_participants', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'challenge progress'),
('reward.challenges', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'catalogue'),
('reward.daily_earnings', '{SELECT}', null, '{}', '{}', 'cap bookkeeping, written only by the ledger triggers'),
('reward.leaderboard_snapshots', '{SELECT,INSERT}', null, '{}', '{}', 'immutable snapshots'),
('reward.levels', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'catalogue'),
(
    'reward.nudge_history', '{SELECT,INSERT,UPDATE}', '{opened_at}', '{}', '{}',
    'append-only but for marking a nudge opened: the weekly cap counts it'
),
('reward.reputation_ledger', '{SELECT,INSERT}', null, '{}', '{}', 'append-only ledger; rows checked on entry'),
('reward.streak_events', '{SELECT,INSERT}', null, '{}', '{}', 'append-only log'),
('reward.streaks', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'streaks'),
('reward.user_achievements', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'granted and revoked by award rules'),
('reward.user_ledger_totals', '{SELECT}', null, '{}', '{}', 'view'),
('reward.user_stats', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{}', 'counters'),
('reward.xp_ledger', '{SELECT,INSERT}', null, '{}', '{}', 'append-only ledger; rows checked on entry'),
(
    'trust.abuse_findings', '{SELECT}', null, '{}', '{}', 'view'
),
('trust.abuse_flag_evidence', '{SELECT,INSERT}', null, '{}', '{}', 'evidence is kept with its flag'),
('trust.abuse_flags', '{SELECT,INSERT,UPDATE}', null, '{}', '{}', 'a reviewed flag is permanent'),
('trust.content_embeddings', '{SELECT,INSERT,UPDATE,DELETE}', null, '{}', '{text}', 'for near-duplicate detection'),
('trust.fact_check_logs', '{SELECT,INSERT}', null, '{}', '{generated_text,context_used}', 'append-only log'),
('trust.interaction_entropy', '{SELECT}', null, '{}', '{}', 'view'),
('trust.moderation_logs', '{SELECT,INSERT}', null, '{}', '{}', 'append-only log'),
('trust.trust_components', '{SELECT}', null, '{}', '{}', 'view'),
('trust.trust_scores', '{SELECT,INSERT,UPDATE}', null, '{}', '{}', 'one per user, kept by recompute_trust_scores');

create procedure core.apply_table_access()
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
comment on procedure core.apply_table_access () is
'Makes the privileges of gamedb_app and gamedb_readonly on every declared table equal to core.table_access.';

create view core.table_access_drift as
with relations as (
    select
        c.oid,
        format('%I.%I', n.nspname, c.relname) as table_name
    from pg_class as c
    inner join pg_namespace as n on c.relnamespace = n.oid
    where
        n.nspowner = to_regrole('gamedb_owner')
        and c.relkind in ('r', 'p', 'v', 'm')
        and not c.relispartition
),

declared as (
    select
        r.oid,
        t.*
    from core.table_access as t
    inner join relations as r on t.table_name = r.table_name
),

expected as (
    -- Column privileges, per column and role.
    select
        d.oid,
        d.table_name,
        g.role_name,
        p.privilege,
        a.attname as column_name,
        a.attnum,
        case g.role_name
            when 'gamedb_app'
                then
                    p.privilege = any(d.app_privileges)
                    and (p.privilege = 'SELECT' or a.attname <> all(d.database_columns))
                    and (
                        p.privilege <> 'UPDATE' or d.app_update_columns is null or a.attname = any(d.app_update_columns)
                    )
            else p.privilege = 'SELECT' and a.attname <> all(d.personal_columns)
        end as expected
    from declared as d
    inner join pg_attribute as a on d.oid = a.attrelid and a.attnum > 0 and not a.attisdropped
    cross join (values ('SELECT'), ('INSERT'), ('UPDATE'), ('REFERENCES')) as p (privilege)
    cross join (values ('gamedb_app'), ('gamedb_readonly')) as g (role_name)
    union all
    -- Table privileges that have no column form.
    select
        d.oid,
        d.table_name,
        g.role_name,
        p.privilege,
        null as column_name,
        null as attnum,
        g.role_name = 'gamedb_app' and p.privilege = any(d.app_privileges) as expected
    from declared as d
    cross join (values ('DELETE'), ('TRUNCATE'), ('TRIGGER')) as p (privilege)
    cross join (values ('gamedb_app'), ('gamedb_readonly')) as g (role_name)
)

select
    e.table_name,
    e.role_name,
    e.privilege,
    e.column_name,
    e.expected as declared,
    not e.expected as granted
from expected as e
where
    e.expected <> case
        when e.attnum is null then has_table_privilege(e.role_name, e.oid, e.privilege)
        else has_column_privilege(e.role_name, e.oid, e.attnum, e.privilege)
    end
union all
select
    r.table_name,
    null as role_name,
    'not declared in core.table_access' as privilege,
    null as column_name,
    false as declared,
    true as granted
from relations as r
where not exists (
        select 1 from core.table_access as t
        where t.table_name = r.table_name
    )
union all
select
    t.table_name,
    null as role_name,
    'declared, but no such table' as privilege,
    null as column_name,
    true as declared,
    false as granted
from core.table_access as t
where not exists (
        select 1 from relations as r
        where r.table_name = t.table_name
    );
comment on view core.table_access_drift is
'Every difference between core.table_access and the live grants, and every table not declared there: '
'empty when the privileges are as declared.';

call core.apply_table_access();

-- Only the owner applies the declaration (any other caller would lack the
-- right to grant anyway; this makes the refusal plain).
revoke execute on procedure core.apply_table_access() from public;
