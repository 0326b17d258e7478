-- The core module: one row per person (core.users, the identity every module
-- names), typed settings with their audited history, the domain event log,
-- the job ledger and watermarks of the scheduled jobs, the access declaration
-- the last file fills, and the functions every module shares (settings
-- readers, JSON and i18n validators, partition upkeep, forgetting a user).
--
-- Why the rules live here:
-- - Settings are data: every limit and amount is a typed row with a declared
--   range, checked by CHECK constraints, and every change writes a history
--   row by trigger (append-only), so "who changed the reward, when" has an
--   answer. The settings rows are in this file because the module's own
--   functions (partition retention) read them as they are created.
-- - Totals on core.users are derived: they are kept by the ledgers' triggers
--   and can be recomputed from them (the invariants check that they agree).
-- - A user's keys that other modules name are also kept in lookup tables
--   (user_phones, user_php_ids) so that a reference is checked by trigger
--   where a distributed table cannot hold a foreign key.
-- - Time-ordered logs are partitioned by month; core.partitioned_tables says
--   which, with their retention, and core.maintain_partitions() keeps the
--   coming months ready and drops months past retention.

-- Functions the tables' CHECK constraints call

create function core.check_i18n_text(document jsonb, field text)
returns boolean
language plpgsql
immutable
as $$
declare
    entry record;
begin
    if document is null then
        return true;
    end if;
    if jsonb_typeof(document) <> 'object' or document = '{}' then
        raise exception '% must be I18N text: an object of language code -> text with at least one language, got %',
            field, left(document::text, 80)
            using errcode = 'check_violation';
    end if;
    for entry in select key, value from jsonb_each(document) loop
        if entry.key !~ '^[a-z]{2,3}(-[A-Z]{2})?$' then
            raise exception '% has % where a language code (en, vi, pt-BR) belongs', field, quote_literal(entry.key)
                using errcode = 'check_violation';
        end if;
        if jsonb_typeof(entry.value) <> 'string' or btrim(entry.value #>> '{}') = '' then
            raise exception '% must give non-empty text for language %', field, entry.key
                using errcode = 'check_violation';
        end if;
    end loop;
    return true;
end;
$$;
comment on function core.check_i18n_text(jsonb, text) is
'CHECK helper for I18N_TEXT fields: {"en": "...", "vi": "..."}, at least one language, no empty text.';

create function core.check_jsonb_object(document jsonb, field text)
returns boolean
language plpgsql
immutable
as $$
begin
    if document is null or jsonb_typeof(document) = 'object' then
        return true;
    end if;
    raise exception '% must be a JSON object, got %', field, jsonb_typeof(document)
        using errcode = 'check_violation';
end;
$$;
comment on function core.check_jsonb_object(
    jsonb, text
) is 'CHECK helper: the document is a JSON object; otherwise raises naming the field.';

create function core.setting_value_is_valid(setting_type text, setting_value text)
returns boolean
language plpgsql
immutable
as $$
begin
    case setting_type
        when 'number' then
            return setting_value ~ '^-?[0-9]+(\.[0-9]+)?$';
        when 'boolean' then
            return setting_value in ('true', 'false');
        when 'json' then
            perform setting_value::jsonb;
            return true;
        when 'string' then
            return true;
        else
            return false;
    end case;
exception
    when invalid_text_representation then
        -- Raised by the jsonb cast: the text is not JSON.
        return false;
end;
$$;
comment on function core.setting_value_is_valid(
    text, text
) is 'True when a setting value parses as its declared type (number, boolean, json, string).';

-- Tables

create table core.accounts (
    id bigint generated always as identity,
    user_id bigint not null,
    provider text not null,
    provider_account_id text not null,
    access_token text,
    refresh_token text,
    expires_at timestamp with time zone,
    created_at timestamp with time zone default now() not null,
    constraint accounts_pkey primary key (id),
    constraint accounts_provider_provider_account_id_key unique (provider, provider_account_id)
);
comment on table core.accounts is 'An OAuth account linked to a user (seed 004 Account, NextAuth).';
comment on column core.accounts.provider_account_id is 'The user''s id at the provider.';
create index idx_accounts_user_id on core.accounts (user_id);

create table core.event_logs (
    id bigint generated always as identity,
    event_type text not null,
    user_id bigint,
    target_id text,
    metadata jsonb not null,
    emitted_at timestamp with time zone default now() not null,
    processed_at timestamp with time zone,
    constraint event_logs_pkey primary key (id, emitted_at),
    constraint event_logs_metadata_check check (core.check_jsonb_object(metadata, 'event_logs.metadata')),
    constraint event_logs_processed_check check (processed_at >= emitted_at)
) partition by range (emitted_at);
comment on table core.event_logs is
'Domain events, processed at most once (seed 004 EventLog). Partitioned by month of emitted_at.';
comment on column core.event_logs.event_type is 'What happened, e.g. ANSWER_ACCEPTED, MASTERY_UPDATED.';
comment on column core.event_logs.target_id is 'The affected resource (answer, doubt, ...), as text.';
comment on column core.event_logs.processed_at is 'When the event was processed; NULL while waiting.';
create index idx_event_logs_event_type_emitted_at on core.event_logs (event_type, emitted_at);
create index idx_event_logs_processed_at on core.event_logs (processed_at);
create index idx_event_logs_user_id_emitted_at on core.event_logs (user_id, emitted_at);

create table core.gamification_settings (
    id bigint generated always as identity,
    key character varying(100) not null,
    value text not null,
    type character varying(20) not null,
    description text,
    category character varying(50),
    updated_at timestamp with time zone default now() not null,
    updated_by character varying(100),
    min_value numeric,
    max_value numeric,
    constraint gamification_settings_pkey primary key (id),
    constraint gamification_settings_key_key unique (key),
    constraint gamification_settings_category_check check (
        category::text in ('rewards', 'limits', 'gameplay', 'training', 'nudges', 'retention')
    ),
    constraint gamification_settings_range_check check (
        case
            when ((type)::text <> 'number'::text) then ((min_value is null) and (max_value is null))
            when (not core.setting_value_is_valid((type)::text, value)) then true
            else (
                (min_value is not null)
                and (max_value is not null)
                and (((value)::numeric >= min_value) and ((value)::numeric <= max_value))
            )
        end
    ),
    constraint gamification_settings_type_check check (type::text in ('number', 'boolean', 'json', 'string')),
    constraint gamification_settings_value_check check (core.setting_value_is_valid(type, value))
);
comment on table core.gamification_settings is
'Typed, audited configuration for games, rewards, limits and training (seed 000). Read by queries.';
comment on column core.gamification_settings.key is 'Setting name, e.g. max_games_per_day.';
comment on column core.gamification_settings.value is 'The value as text; must parse as type.';
comment on column core.gamification_settings.type is 'Closed set: number, boolean, json, string.';
comment on column core.gamification_settings.category is
'Closed set: rewards, limits, gameplay, training, nudges, retention.';
comment on column core.gamification_settings.updated_by is 'Who made the last change (admin name or job).';
comment on column core.gamification_settings.min_value is
'Smallest value allowed (number settings; required for them).';
comment on column core.gamification_settings.max_value is 'Largest value allowed (number settings; required for them).';

create table core.gamification_settings_history (
    id bigint generated always as identity,
    setting_key character varying(100) not null,
    operation character varying(10) not null,
    old_value text,
    new_value text,
    changed_by character varying(100),
    database_user text default session_user not null,
    changed_at timestamp with time zone default now() not null,
    constraint gamification_settings_history_pkey primary key (id),
    constraint gamification_settings_history_operation_check check (operation::text in ('insert', 'update', 'delete'))
);
comment on table core.gamification_settings_history is
'Every change to a setting: who, when, old and new value. Append-only.';
comment on column core.gamification_settings_history.changed_by is
'updated_by of the change (the application-level author).';
comment on column core.gamification_settings_history.database_user is 'The database role that made the change.';
create index idx_gamification_settings_history_setting_key on core.gamification_settings_history (
    setting_key, changed_at
);

create table core.job_runs (
    id bigint generated always as identity,
    job text not null,
    started_at timestamp with time zone default now() not null,
    finished_at timestamp with time zone,
    outcome text default 'running' not null,
    rows_returned bigint,
    runs integer,
    exit_code integer,
    error text,
    hostname text not null,
    max_interval interval not null,
    constraint job_runs_pkey primary key (id),
    constraint job_runs_finished_check check ((outcome = 'running') = (finished_at is null)),
    constraint job_runs_outcome_check check (outcome in ('running', 'succeeded', 'failed', 'busy'))
);
comment on table core.job_runs is 'One row per scheduled job run (gamedb job run): when, how it ended, rows, errors.';
comment on column core.job_runs.job is 'The named query run as a job.';
comment on column core.job_runs.outcome is
'running, succeeded, failed, or busy (another run held the lock; nothing done).';
comment on column core.job_runs.rows_returned is
'Rows the job returned (summed over its batches with schedule-repeat).';
comment on column core.job_runs.runs is 'Batches run (schedule-repeat), else 1.';
comment on column core.job_runs.exit_code is 'The exit code gamedb returned (README: exit codes).';
comment on column core.job_runs.hostname is 'The machine that ran it.';
comment on column core.job_runs.max_interval is 'Longest gap between two times the schedule fires.';
create index idx_job_runs_job_started_at on core.job_runs (job, started_at desc);

create table core.job_watermarks (
    job text not null,
    watermark timestamp with time zone not null,
    last_full_at timestamp with time zone not null,
    updated_at timestamp with time zone default now() not null,
    constraint job_watermarks_pkey primary key (job)
);
comment on table core.job_watermarks is
'Per incremental job: the time up to which it has taken in changes, and its last full recompute.';
comment on column core.job_watermarks.watermark is
'The start of the last successful run: the next takes in events from here less '
'incremental_overlap_minutes.';
comment on column core.job_watermarks.last_full_at is 'When the job last recomputed everything (daily).';

create table core.partitioned_tables (
    table_name text not null,
    retention_setting text,
    keep_while text,
    why text not null,
    constraint partitioned_tables_pkey primary key (table_name),
    constraint partitioned_tables_keep_while_check check (keep_while is null or retention_setting is not null)
);
comment on table core.partitioned_tables is
'The tables partitioned by month that core.maintain_partitions keeps: months created ahead, old '
'months dropped.';
comment on column core.partitioned_tables.table_name is 'schema.table of the partitioned table.';
comment on column core.partitioned_tables.retention_setting is
'The setting (core.gamification_settings) holding how many days a month is kept after it ends; NULL: '
'for ever.';
comment on column core.partitioned_tables.keep_while is
'A condition on a row (SQL) that keeps its month past the retention while one row meets it; NULL: '
'none.';
comment on column core.partitioned_tables.why is 'What the table holds and why its months go when they do.';

create table core.table_access (
    table_name text not null,
    app_privileges text[] not null,
    app_update_columns text[],
    database_columns text[] default '{}'::text[] not null,
    personal_columns text[] default '{}'::text[] not null,
    why text not null,
    constraint table_access_pkey primary key (table_name),
    constraint table_access_privileges_check check (
        app_privileges <@ array['SELECT', 'INSERT', 'UPDATE', 'DELETE']
        and (app_update_columns is null or 'UPDATE' = any(app_privileges))
    )
);
comment on table core.table_access is
'Who may do what to each table and view: the grants of gamedb_app and gamedb_readonly are made from '
'it (core.apply_table_access) and checked against it (core.table_access_drift).';
comment on column core.table_access.table_name is 'schema.table, as format(''%I.%I'') writes it.';
comment on column core.table_access.app_privileges is 'What gamedb_app may do: SELECT, INSERT, UPDATE, DELETE.';
comment on column core.table_access.app_update_columns is 'When set, gamedb_app may UPDATE only these columns.';
comment on column core.table_access.database_columns is
'Columns written only by the database (triggers, SECURITY DEFINER functions): gamedb_app may not '
'insert or update them.';
comment on column core.table_access.personal_columns is
'A person''s words and identifiers: gamedb_readonly may not read them; core.forget_user erases them.';
comment on column core.table_access.why is 'Why the table is declared so.';

create table core.user_phones (
    phone character varying(20) not null,
    user_id bigint not null,
    constraint user_phones_pkey primary key (phone)
);
comment on table core.user_phones is
'Each user''s phone number, keyed by the number: it stays unique across users on Citus. Kept by '
'core.keep_user_keys.';
comment on column core.user_phones.phone is 'core.users.phone of the user.';
comment on column core.user_phones.user_id is 'The user (core.users.id) whose number it is.';

create table core.user_php_ids (
    php_user_id bigint not null,
    user_id bigint not null,
    constraint user_php_ids_pkey primary key (php_user_id)
);
comment on table core.user_php_ids is
'Each user''s PHP id, keyed by the id: it stays unique across users on Citus. Kept by '
'core.keep_user_keys.';
comment on column core.user_php_ids.php_user_id is 'core.users.php_user_id of the user.';
comment on column core.user_php_ids.user_id is 'The user (core.users.id) whose PHP id it is.';

create table core.users (
    id bigint generated always as identity,
    php_user_id bigint,
    phone character varying(20),
    email character varying(255),
    first_name character varying(100),
    last_name character varying(100),
    preferred_language character varying(10) default 'en' not null,
    preferences jsonb,
    interests jsonb,
    total_games_played integer default 0 not null,
    total_rewards_earned numeric(12, 2) default 0 not null,
    loyalty_points integer default 0 not null,
    created_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null,
    last_active_at timestamp with time zone,
    mode text default 'EDUCATIONAL' not null,
    parent_name text,
    learning_profile jsonb,
    trust_score_cache numeric(5, 4) default 0.5 not null,
    is_shadow_banned boolean default false not null,
    is_suspended boolean default false not null,
    suspended_until timestamp with time zone,
    leaderboard_opt_out boolean default false not null,
    total_xp bigint default 0 not null,
    total_reputation bigint default 0 not null,
    forgotten_at timestamp with time zone,
    constraint users_pkey primary key (id),
    constraint users_learning_profile_check check (
        core.check_jsonb_object(learning_profile, 'users.learning_profile')
    ),
    constraint users_mode_check check (mode in ('EDUCATIONAL', 'THERAPEUTIC')),
    constraint users_trust_check check (
        ((trust_score_cache >= 0 and trust_score_cache <= 1) and ((suspended_until is null) or is_suspended))
    )
);
comment on table core.users is
'One row per person, shared by every module (seed 001: reused, it already tracks games and rewards).';
comment on column core.users.php_user_id is 'The user''s id in the PHP backend (wallet, accounts).';
comment on column core.users.phone is 'Phone number as the chat channel reports it; unique per person.';
comment on column core.users.preferred_language is
'Language code for messages, games and nudges. Default en for both seed 001 (en) and seed 003 (vi): '
'signup sets the real one; I18N text falls back to en.';
comment on column core.users.preferences is 'Personalisation preferences (seed 001: jsonb, free form).';
comment on column core.users.interests is 'Interests gathered by user profiling (seed 001: jsonb).';
comment on column core.users.total_games_played is
'Derived: completed game sessions of this user. Recomputable from play.game_sessions.';
comment on column core.users.total_rewards_earned is
'Derived: rewards credited to the wallet, in rupees. Recomputable from play.game_sessions.';
comment on column core.users.loyalty_points is 'Loyalty points (seed 001: already exists).';
comment on column core.users.last_active_at is
'Last time the person did anything (seed 001; seed 003 lastActiveAt). Drives inactivity nudges.';
comment on column core.users.mode is 'Seed 002 UserModeEnum, closed set: EDUCATIONAL, THERAPEUTIC.';
comment on column core.users.parent_name is 'The parent''s name, for personalising quests.';
comment on column core.users.learning_profile is 'The child''s learning preferences and progress, a JSON object.';
comment on column core.users.trust_score_cache is 'Copy of trust.trust_scores.score for fast reads (seed 004).';
comment on column core.users.is_shadow_banned is 'Posts are hidden from others and never on leaderboards.';
comment on column core.users.is_suspended is 'Suspended by a moderator; until suspended_until when set.';
comment on column core.users.leaderboard_opt_out is 'The user asked not to appear on leaderboards.';
comment on column core.users.total_xp is 'Derived: sum of reward.xp_ledger.final_xp.';
comment on column core.users.total_reputation is 'Derived: sum of reward.reputation_ledger.change.';
comment on column core.users.forgotten_at is 'When core.forget_user() erased this person''s personal data.';
create index idx_users_created_at on core.users (created_at);
create index idx_users_last_active_at on core.users (last_active_at, id);
create index idx_users_phone on core.users (phone);
create index idx_users_php_user_id on core.users (php_user_id);
create index idx_users_xp_ranking on core.users (total_xp desc, id) where (
    (not is_shadow_banned) and (not leaderboard_opt_out) and (total_xp > 0)
);

create table core.verification_tokens (
    identifier text not null,
    token text not null,
    expires_at timestamp with time zone not null,
    constraint verification_tokens_pkey primary key (identifier, token),
    constraint verification_tokens_token_key unique (token)
);
comment on table core.verification_tokens is 'One-time email verification tokens (seed 004 VerificationToken).';
comment on column core.verification_tokens.identifier is 'What the token verifies, usually an email address.';

-- Functions and procedures

create procedure core.apply_table_access()
language plpgsql
as $$
declare
    declared text;
begin
    for declared in select t.table_name from core.table_access as t order by t.table_name loop
        call core.apply_table_access(declared::regclass);
    end loop;
end;
$$;
comment on procedure core.apply_table_access () is
'Makes the privileges of gamedb_app and gamedb_readonly on every declared table equal to '
'core.table_access.';

create procedure core.apply_table_access(in p_table regclass)
language plpgsql
as $$
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
'Makes the privileges of gamedb_app and gamedb_readonly on one declared table equal to its row in '
'core.table_access.';

create function core.forget_user(p_user_id bigint)
returns table (module text, table_name text, rows_changed bigint)
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
#variable_conflict use_column
declare
    person core.users;
    changed bigint;
begin
    select u.* into person from core.users as u where u.id = p_user_id for update;
    if not found then
        raise exception 'no user with id %', p_user_id using errcode = 'no_data_found';
    end if;

    -- Children's data first.
    update quest.child_privacy_settings as c
    set child_display_name = null, progress_sync_consent = false
    where c.user_id = p_user_id and (c.child_display_name is not null or c.progress_sync_consent);
    get diagnostics changed = row_count;
    return query select 'quest', 'child_privacy_settings', changed;

    delete from quest.quest_progress as p where p.user_id = p_user_id;
    get diagnostics changed = row_count;
    return query select 'quest', 'quest_progress', changed;

    update quest.quest_ratings as r set review_text = null
    where r.user_id = p_user_id and r.review_text is not null;
    get diagnostics changed = row_count;
    return query select 'quest', 'quest_ratings', changed;

    update quest.quest_builder_sessions as b set conversation_history = '[]'
    where b.user_id = p_user_id and b.conversation_history <> '[]';
    get diagnostics changed = row_count;
    return query select 'quest', 'quest_builder_sessions', changed;

    delete from chat.conversation_memory as m where m.user_id = p_user_id;
    get diagnostics changed = row_count;
    return query select 'chat', 'conversation_memory', changed;

    update chat.conversation_logs as l
    set
        phone_number = null, user_message = '', bot_response = null, conversation_context = null,
        nlu_entities = null, is_training_candidate = false
    where
        (l.user_id = p_user_id or l.phone_number = person.phone)
        and (l.phone_number is not null or l.user_message <> '' or l.bot_response is not null
            or l.conversation_context is not null or l.nlu_entities is not null);
    get diagnostics changed = row_count;
    return query select 'chat', 'conversation_logs', changed;

    update chat.flow_runs as f set phone_number = null, context = '{}'
    where f.phone_number = person.phone;
    get diagnostics changed = row_count;
    return query select 'chat', 'flow_runs', changed;

    update chat.training_samples as s
    set text = '', entities = null, context = null, review_status = 'rejected', approved = false
    where
        s.user_id = p_user_id and s.text <> ''
        and not exists (select from chat.training_batch_samples as b where b.sample_id = s.id);
    get diagnostics changed = row_count;
    return query select 'chat', 'training_samples (not exported)', changed;

    update chat.training_samples as s set user_id = null, session_id = null
    where
        s.user_id = p_user_id
        and exists (select from chat.training_batch_samples as b where b.sample_id = s.id);
    get diagnostics changed = row_count;
    return query select 'chat', 'training_samples (exported)', changed;

    delete from learn.ai_analyses as a where a.user_id = p_user_id;
    get diagnostics changed = row_count;
    return query select 'learn', 'ai_analyses', changed;

    update learn.behavior_logs as b set metadata = '{}'
    where b.user_id = p_user_id and b.metadata <> '{}';
    get diagnostics changed = row_count;
    return query select 'learn', 'behavior_logs', changed;

    update quest.quest_builder_sessions as b set quest_context = null, current_graph = null
    where b.user_id = p_user_id and (b.quest_context is not null or b.current_graph is not null);
    get diagnostics changed = row_count;
    return query select 'quest', 'quest_builder_sessions (context, graph)', changed;

    update community.doubts as d set title = '[erased]', body = '[erased]'
    where d.author_id = p_user_id and (d.title <> '[erased]' or d.body <> '[erased]');
    get diagnostics changed = row_count;
    return query select 'community', 'doubts', changed;

    update community.answers as a set body = '[erased]'
    where a.author_id = p_user_id and a.body <> '[erased]';
    get diagnostics changed = row_count;
    return query select 'community', 'answers', changed;

    delete from trust.content_embeddings as e where e.user_id = p_user_id;
    get diagnostics changed = row_count;
    return query select 'trust', 'content_embeddings', changed;

    update trust.fact_check_logs as f set generated_text = '', context_used = ''
    where f.user_id = p_user_id and (f.generated_text <> '' or f.context_used <> '');
    get diagnostics changed = row_count;
    return query select 'trust', 'fact_check_logs', changed;

    update core.event_logs as e set metadata = '{}'
    where e.user_id = p_user_id and e.metadata <> '{}';
    get diagnostics changed = row_count;
    return query select 'core', 'event_logs', changed;

    update learn.certificates as c set learner_name = null
    from learn.enrollments as e
    where c.enrollment_id = e.id and e.user_id = p_user_id and c.learner_name is not null;
    get diagnostics changed = row_count;
    return query select 'learn', 'certificates (name)', changed;

    delete from core.accounts as a where a.user_id = p_user_id;
    get diagnostics changed = row_count;
    return query select 'core', 'accounts', changed;

    delete from core.verification_tokens as t where t.identifier in (person.email, person.phone);
    get diagnostics changed = row_count;
    return query select 'core', 'verification_tokens', changed;

    update core.users as u
    set
        phone = null, email = null, first_name = null, last_name = null, parent_name = null,
        preferences = null, interests = null, learning_profile = null, leaderboard_opt_out = true,
        forgotten_at = coalesce(u.forgotten_at, now())
    where
        u.id = p_user_id
        and (
            u.phone is not null or u.email is not null or u.first_name is not null or u.last_name is not null
            or u.parent_name is not null or u.preferences is not null or u.interests is not null
            or u.learning_profile is not null or not u.leaderboard_opt_out or u.forgotten_at is null
        );
    get diagnostics changed = row_count;
    return query select 'core', 'users', changed;
end;
$$;
comment on function core.forget_user(bigint) is
'Erases or anonymises one person''s personal data in every module (as the owner: the application may '
'call it but not write what it erases); returns rows changed per table. Idempotent.';

create function core.guard_event_log()
returns trigger
language plpgsql
as $$
begin
    if core.caller_is_owner() then
        return coalesce(new, old);
    end if;
    if tg_op = 'INSERT' then
        if new.processed_at is not null then
            raise exception 'core.event_logs: a new event is unprocessed (process_event_log marks it)'
                using errcode = 'check_violation';
        end if;
        new.emitted_at := now();
        return new;
    end if;
    if tg_op = 'UPDATE' then
        if old.processed_at is not null or new.processed_at is null
            or (to_jsonb(new) - 'processed_at') is distinct from (to_jsonb(old) - 'processed_at') then
            raise exception 'core.event_logs is append-only: event % may only be marked processed, once', old.id
                using errcode = 'restrict_violation';
        end if;
        return new;
    end if;
    if old.processed_at is null
        or old.processed_at >= now() - make_interval(days => core.setting_numeric('retention_event_log_days')::integer)
        then
        raise exception 'core.event_logs: event % is kept until processed and older than retention_event_log_days',
            old.id
            using errcode = 'restrict_violation';
    end if;
    return old;
end;
$$;
comment on function core.guard_event_log() is
'BEFORE INSERT/UPDATE/DELETE on core.event_logs: callers other than the owner insert unprocessed '
'events (emitted_at stamped), only mark an event processed once, and delete only what retention '
'allows.';

create function core.keep_user_keys()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
begin
    -- The values the row no longer has (a value changed, or the user deleted) go.
    if tg_op <> 'INSERT' then
        delete from core.user_phones as k
        where k.phone = old.phone and k.user_id = old.id and (tg_op = 'DELETE' or new.phone is distinct from old.phone);
        delete from core.user_php_ids as k
        where
            k.php_user_id = old.php_user_id and k.user_id = old.id
            and (tg_op = 'DELETE' or new.php_user_id is distinct from old.php_user_id);
    end if;
    if tg_op = 'DELETE' then
        return null;
    end if;
    -- The values it gained come in; one another user holds is refused under the old key's name.
    if new.phone is not null and (tg_op = 'INSERT' or new.phone is distinct from old.phone) then
        begin
            insert into core.user_phones (phone, user_id) values (new.phone, new.id);
        exception when unique_violation then
            raise exception 'duplicate key value violates unique constraint "users_phone_key"'
            using errcode = 'unique_violation', constraint = 'users_phone_key', schema = 'core', table = 'users',
            detail = 'Another user has this phone number.';
        end;
    end if;
    if new.php_user_id is not null and (tg_op = 'INSERT' or new.php_user_id is distinct from old.php_user_id) then
        begin
            insert into core.user_php_ids (php_user_id, user_id) values (new.php_user_id, new.id);
        exception when unique_violation then
            raise exception 'duplicate key value violates unique constraint "users_php_user_id_key"'
            using errcode = 'unique_violation', constraint = 'users_php_user_id_key', schema = 'core', table = 'users',
            detail = format('Key (php_user_id)=(%s) already exists.', new.php_user_id);
        end;
    end if;
    return null;
end;
$$;
comment on function core.keep_user_keys() is
'AFTER INSERT, UPDATE OF phone, php_user_id OR DELETE on core.users: keeps core.user_phones and '
'core.user_php_ids, refusing a value another user holds: the uniqueness Citus cannot check across shards.';

create function core.log_event()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
declare
    row_data jsonb := to_jsonb(coalesce(new, old));
    copied jsonb := '{}';
    column_name text;
begin
    foreach column_name in array string_to_array(coalesce(tg_argv[2], ''), ',') loop
        copied := copied || jsonb_build_object(column_name, row_data -> column_name);
    end loop;
    insert into core.event_logs (event_type, user_id, target_id, metadata)
    values (
        tg_argv[0],
        (row_data ->> tg_argv[1])::bigint,
        format('%s:%s', core.written_table_name(tg_relid), row_data ->> 'id'),
        copied
    );
    return null;
end;
$$;
comment on function core.log_event() is
'AFTER ROW trigger: writes core.event_logs (arguments: event type, user column, columns copied into '
'metadata).';

create function core.maintain_partitions(p_months_ahead integer default 3)
returns table (table_name text, partition_name text, action text)
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
set lock_timeout to '2s'
as $$
declare
    kept record;
    month_start timestamptz;
    covered_until timestamptz;
    old record;
    new_partition text;
    held boolean;
    below boolean;
begin
    -- The application may call it: it cannot make it create partitions without end.
    if p_months_ahead not between 1 and 24 then
        raise exception 'core.maintain_partitions: months ahead must be between 1 and 24, not %', p_months_ahead
            using errcode = 'invalid_parameter_value';
    end if;
    -- One upkeep at a time (the job, or the application calling it): a second waits, then finds the
    -- months the first created.
    perform pg_advisory_xact_lock(hashtext('core.maintain_partitions'));
    for kept in
        select
            c.oid::regclass as parent,
            n.nspname as schema_name,
            c.relname as relation_name,
            p.retention_setting,
            p.keep_while
        from core.partitioned_tables as p
        inner join pg_class as c on c.oid = p.table_name::regclass
        inner join pg_namespace as n on c.relnamespace = n.oid
        order by p.table_name
    loop
        -- Create the months ahead: the next p_months_ahead months beyond this one are always there,
        -- and the months run on from the last partition without a gap.
        select max(b.ends) into covered_until from core.partition_bounds(kept.parent) as b;
        month_start := coalesce(covered_until, date_trunc('month', now()));
        -- A table's first upkeep also creates one partition below the months: rows dated before
        -- then (data brought over from an older system) land there, and retention drops it like a month.
        below := covered_until is null;
        while below or month_start <= date_trunc('month', now()) + make_interval(months => p_months_ahead) loop
            new_partition := format('%I.%I', kept.schema_name, kept.relation_name || '_'
                || case when below then 'before' else to_char(month_start, '"y"YYYY"m"MM') end);
            -- Created apart, then attached: ATTACH locks the parent SHARE UPDATE EXCLUSIVE (writers go on),
            -- where CREATE TABLE ... PARTITION OF would lock it ACCESS EXCLUSIVE.
            execute format('create table %s (like %s including defaults including constraints)',
                new_partition, kept.parent);
            execute format('alter table %s attach partition %s for values from (%s) to (%L)',
                kept.parent, new_partition,
                case when below then 'minvalue' else quote_literal(month_start) end,
                case when below then month_start else month_start + interval '1 month' end);
            -- Default privileges grant new tables to the roles: a partition grants nothing.
            execute format('revoke all on %s from gamedb_app, gamedb_readonly', new_partition);
            execute format('comment on table %s is %L', new_partition,
                format('Partition of %s: its rows %s %s.', kept.parent,
                    case when below then 'dated before' else 'of' end, to_char(month_start, 'YYYY-MM')));
            table_name := kept.parent::text;
            partition_name := new_partition;
            action := 'created';
            return next;
            if not below then
                month_start := month_start + interval '1 month';
            end if;
            below := false;
        end loop;
        -- Drop the months past the retention, but none that holds a row the table keeps (keep_while).
        continue when kept.retention_setting is null;
        for old in
            select b.partition
            from core.partition_bounds(kept.parent) as b
            where b.ends <= now() - make_interval(days => core.setting_numeric(kept.retention_setting)::integer)
            order by b.ends
        loop
            if kept.keep_while is not null then
                execute format('select exists (select from %s where %s)', old.partition, kept.keep_while) into held;
                continue when held;
            end if;
            partition_name := old.partition::text;  -- named before it is gone
            execute format('drop table %s', old.partition);
            table_name := kept.parent::text;
            action := 'dropped';
            return next;
        end loop;
    end loop;
end;
$$;
comment on function core.maintain_partitions(integer) is
'Creates the coming months of every table in core.partitioned_tables and drops the months past its '
'retention that hold no row it keeps; returns what it did.';

create function core.record_setting_change()
returns trigger
language plpgsql
as $$
begin
    if tg_op = 'INSERT' then
        insert into core.gamification_settings_history (setting_key, operation, new_value, changed_by)
        values (new.key, 'insert', new.value, new.updated_by);
    elsif tg_op = 'UPDATE' then
        if new.value is distinct from old.value then
            insert into core.gamification_settings_history
                (setting_key, operation, old_value, new_value, changed_by)
            values (new.key, 'update', old.value, new.value, new.updated_by);
        end if;
    else
        insert into core.gamification_settings_history (setting_key, operation, old_value, changed_by)
        values (old.key, 'delete', old.value, old.updated_by);
    end if;
    return null;
end;
$$;
comment on function core.record_setting_change() is
'AFTER trigger on gamification_settings: appends the change to its history.';

create function core.refuse_change()
returns trigger
language plpgsql
as $$
begin
    -- Shared by every append-only table (histories, ledgers).
    raise exception '% is append-only: % is not allowed', core.written_table_name(tg_relid), tg_op
        using errcode = 'restrict_violation';
end;
$$;
comment on function core.refuse_change() is
'BEFORE UPDATE/DELETE trigger for append-only tables: refuses the statement.';

create function core.refuse_unknown_users()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
declare
    column_name text;
    named bigint;
begin
    foreach column_name in array tg_argv loop
        named := (to_jsonb(new) ->> column_name)::bigint;
        -- As a foreign key: no user named, or the same one as before, is not checked.
        continue when named is null
            or (tg_op = 'UPDATE' and named = (to_jsonb(old) ->> column_name)::bigint);
        -- FOR KEY SHARE (owner's privilege, hence security definer): the user
        -- cannot be deleted until this row's transaction ends, as with a key.
        perform from core.users as u where u.id = named for key share;
        if not found then
            raise exception '%.% names user %, who does not exist',
                coalesce((select i.inhparent::regclass::text from pg_inherits as i where i.inhrelid = tg_relid),
                         tg_relid::regclass::text), column_name, named
            using errcode = 'foreign_key_violation', constraint = tg_name;
        end if;
    end loop;
    return null;
end;
$$;
comment on function core.refuse_unknown_users() is
'AFTER INSERT OR UPDATE trigger: each column named in the trigger''s arguments names an existing user '
'(or none): the foreign key to core.users, where Citus allows none.';

create function core.rows_naming_no_user()
returns table (table_name text, column_name text, user_id bigint, row_count bigint)
language plpgsql
stable
set search_path to 'pg_catalog', 'pg_temp'
as $$
declare
    checked record;
begin
    for checked in select * from core.user_checked_columns() loop
        return query execute format(
            'select %L, %L, r.%I, count(*) from %s as r'
            ' where r.%I is not null and not exists (select from core.users as u where u.id = r.%I)'
            ' group by r.%I order by r.%I',
            checked.table_name::text, checked.column_name, checked.column_name, checked.table_name,
            checked.column_name, checked.column_name, checked.column_name, checked.column_name);
    end loop;
end;
$$;
comment on function core.rows_naming_no_user() is
'Rows whose user column (one of core.user_checked_columns()) names a user who does not exist: the '
'invariant rows_name_users.';

create procedure core.run_job(
    in job_name text,
    in command text,
    in max_interval interval,
    in repeat boolean default false,
    in as_role text default null::text
)
language plpgsql
as $$
declare
    run_id bigint;
    batch_rows bigint;
    total_rows bigint := 0;
    batches integer := 0;
    busy boolean := false;
    failure text;
    failure_state text;
begin
    insert into core.job_runs (job, hostname, max_interval)
    values (job_name, 'pg_cron', max_interval)
    returning id into run_id;
    commit;
    loop
        begin
            if not pg_try_advisory_xact_lock(hashtextextended('gamedb.query.' || job_name, 0)) then
                busy := true;
            else
                if as_role is not null then
                    perform set_config('role', as_role, true);
                end if;
                execute command;
                get diagnostics batch_rows = row_count;
            end if;
        exception when others then
            get stacked diagnostics failure = message_text, failure_state = returned_sqlstate;
        end;
        exit when busy or failure is not null;
        total_rows := total_rows + batch_rows;
        batches := batches + 1;
        commit;
        exit when not repeat or batch_rows = 0;
    end loop;
    update core.job_runs
    set
        finished_at = clock_timestamp(),
        outcome = case when busy then 'busy' when failure is not null then 'failed' else 'succeeded' end,
        exit_code = case
            when busy then 75
            when failure is null then 0
            when left(failure_state, 2) in ('22', '23', 'P0') or failure_state = '42501' then 3
            else 4
        end,
        rows_returned = case when failure is null and not busy then total_rows end,
        runs = case when failure is null and not busy then batches end,
        error = case
            when busy then 'job ' || job_name || ' is already running elsewhere; nothing was done'
            when failure is not null then '[' || failure_state || '] ' || failure
        end
    where id = run_id;
    commit;
end;
$$;
comment on procedure core.run_job (text, text, interval, boolean, text) is
'Runs one scheduled job in the database as `gamedb job run` does (history, lock, role, batches); '
'pg_cron calls it (see `gamedb cron --pg-cron`).';

create function core.set_setting(setting_key text, new_value text, changed_by text)
returns setof core.gamification_settings
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
begin
    return query
    update core.gamification_settings as s
    set value = new_value, updated_by = changed_by
    where s.key = setting_key
    returning s.*;
    if not found then
        raise exception 'setting % is not defined (settings are added by migrations)', setting_key
            using errcode = 'no_data_found';
    end if;
end;
$$;
comment on function core.set_setting(text, text, text) is
'Changes one existing setting (the application''s only way to); its history row is written by '
'trigger.';

create function core.setting_text(setting_key text)
returns text
language plpgsql
stable
as $$
declare
    found_value text;
begin
    select s.value into found_value from core.gamification_settings as s where s.key = setting_key;
    if not found then
        raise exception 'setting % is not defined', setting_key using errcode = 'no_data_found';
    end if;
    return found_value;
end;
$$;
comment on function core.setting_text(text) is 'The value of a setting; an error if it does not exist.';

create function core.touch_updated_at()
returns trigger
language plpgsql
as $$
begin
    -- Keep updated_at true without trusting every caller to set it.
    new.updated_at := now();
    return new;
end;
$$;
comment on function core.touch_updated_at() is 'BEFORE UPDATE trigger: stamps updated_at with the transaction time.';

create function core.advance_job_watermark(p_job text, p_full boolean)
returns boolean
language sql
as $$
    insert into core.job_watermarks as w (job, watermark, last_full_at)
    values (p_job, now(), now())
    on conflict (job) do update
        set
            watermark = excluded.watermark,
            last_full_at = case when p_full then excluded.last_full_at else w.last_full_at end,
            updated_at = now()
    returning true;
$$;
comment on function core.advance_job_watermark(text, boolean) is
'Moves an incremental job''s watermark to now (and its full-run mark, after a full run), in the '
'caller''s transaction.';

create function core.caller_is_owner()
returns boolean
language sql
stable
return pg_has_role(current_user, 'gamedb_owner'::name, 'member'::text);
comment on function core.caller_is_owner() is
'True for gamedb_owner and its members, and inside the database''s own SECURITY DEFINER functions: '
'the callers trusted to do what the rules refuse the application.';

create function core.setting_numeric(setting_key text)
returns numeric
language sql
stable
as $$
    select core.setting_text(setting_key)::numeric;
$$;
comment on function core.setting_numeric(text) is 'A number setting as numeric.';

create function core.job_window(p_job text)
returns table (since timestamp with time zone, is_first_run boolean, is_first_of_day boolean)
language sql
stable
as $$
    select
        w.watermark - make_interval(mins => core.setting_numeric('incremental_overlap_minutes')::integer),
        w.job is null,
        w.job is null or w.last_full_at < date_trunc('day', now() at time zone 'utc') at time zone 'utc'
    from (select p_job as job) as asked
    left join core.job_watermarks as w on asked.job = w.job;
$$;
comment on function core.job_window(text) is
'Where an incremental job takes in changes from, and whether this is its first run ever or of the day '
'(UTC).';

create function core.mask_email(email text)
returns text
language sql
immutable parallel safe
return (("left"(email, 1) || '***@'::text) || split_part(email, '@'::text, 2));
comment on function core.mask_email(text) is 'An e-mail address with the mailbox hidden but its first letter.';

create function core.mask_phone(phone text)
returns text
language sql
immutable parallel safe
return (repeat('*'::text, greatest((length(phone) - 2), 0)) || "right"(phone, 2));
comment on function core.mask_phone(text) is 'A phone number with all but its last two characters hidden.';

create function core.partition_bounds(p_parent regclass)
returns table (partition regclass, starts timestamp with time zone, ends timestamp with time zone)
language sql
stable
set search_path to 'pg_catalog', 'pg_temp'
as $$
    select
        c.oid::regclass,
        (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\)'))[1]::timestamptz,
        (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz
    from pg_inherits as i
    inner join pg_class as c on i.inhrelid = c.oid
    where i.inhparent = p_parent
    order by 3 nulls last;
$$;
comment on function core.partition_bounds(
    regclass
) is 'Each partition of a table partitioned by time, with its lower and upper bound (NULL: unbounded).';

create function core.setting_boolean(setting_key text)
returns boolean
language sql
stable
as $$
    select core.setting_text(setting_key)::boolean;
$$;
comment on function core.setting_boolean(text) is 'A boolean setting as boolean.';

create function core.user_checked_columns()
returns table (table_name regclass, column_name text)
language sql
stable
set search_path to 'pg_catalog', 'pg_temp'
as $$
    -- A partition's trigger is its table's; tgargs holds each argument
    -- followed by a zero byte (escaped as \000).
    select t.tgrelid::regclass, a.column_name
    from pg_trigger as t
    cross join lateral unnest(string_to_array(encode(t.tgargs, 'escape'), '\000')) as a (column_name)
    where
        t.tgfoid = 'core.refuse_unknown_users()'::regprocedure
        and t.tgparentid = 0
        and a.column_name <> ''
    order by t.tgrelid::regclass::text, a.column_name
$$;
comment on function core.user_checked_columns() is
'Every column a core.refuse_unknown_users trigger checks, read from the triggers: the one list of '
'them.';

create function core.user_may_act(p_user_id bigint)
returns boolean
language sql
stable
as $$
    select not exists (
        select 1 from core.users as u
        where u.id = p_user_id and u.is_suspended and (u.suspended_until is null or u.suspended_until > now())
    );
$$;
comment on function core.user_may_act(
    bigint
) is 'False while the user is banned, or suspended and the suspension has not ended.';

create function core.written_table_name(p_table oid)
returns text
language sql
stable
set search_path to 'pg_catalog', 'pg_temp'
as $$
    select format('%I.%I', n.nspname, c.relname)
    from pg_class as c
    inner join pg_namespace as n on c.relnamespace = n.oid
    where c.oid = coalesce(pg_partition_root(p_table), p_table);
$$;
comment on function core.written_table_name(oid) is
'The table a trigger fired for (tg_relid) as its writers name it, schema.table: a partition''s '
'partitioned table.';

-- Views

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

create view core.job_health as
select
    j.job,
    j.started_at as last_started_at,
    j.outcome as last_outcome,
    j.error as last_error,
    s.last_succeeded_at,
    j.max_interval,
    coalesce(s.last_succeeded_at, '-infinity') < now() - 2 * j.max_interval as late
from (
    select distinct on (r.job)
        r.job,
        r.started_at,
        r.outcome,
        r.error,
        r.max_interval
    from core.job_runs as r
    order by r.job asc, r.started_at desc
) as j
left join lateral (
    select max(r.finished_at) as last_succeeded_at
    from core.job_runs as r
    where r.job = j.job and r.outcome = 'succeeded'
) as s on true;
comment on view core.job_health is
'Per job: its last run, last success, and whether it is late (no success within twice its longest '
'interval).';

-- Triggers

create trigger accounts_user_names_a_user
after insert or update of user_id on core.accounts
for each row
execute function core.refuse_unknown_users('user_id');

create trigger event_logs_guard
before insert or delete or update on core.event_logs
for each row
execute function core.guard_event_log();

create trigger event_logs_user_names_a_user
after insert or update of user_id on core.event_logs
for each row
execute function core.refuse_unknown_users('user_id');

create trigger gamification_settings_record_change
after insert or delete or update on core.gamification_settings
for each row
execute function core.record_setting_change();

create trigger gamification_settings_touch_updated_at
before update on core.gamification_settings
for each row
execute function core.touch_updated_at();

create trigger gamification_settings_history_append_only
before delete or update on core.gamification_settings_history
for each row
execute function core.refuse_change();

create trigger gamification_settings_history_no_truncate
before truncate on core.gamification_settings_history
for each statement
execute function core.refuse_change();

create trigger users_keep_user_keys
after insert or delete or update of phone, php_user_id on core.users
for each row
execute function core.keep_user_keys();

create trigger users_touch_updated_at
before update on core.users
for each row
execute function core.touch_updated_at();

-- The settings: every limit and amount the modules read (their changes are kept by the trigger above)

insert into core.gamification_settings (
    key, value, type, description, category, min_value, max_value, updated_by
) values
(
    'abuse_low_entropy_max',
    '0.3',
    'number',
    'Low interaction entropy: flagged below this normalised entropy (0..1) of the targets voted for',
    'limits',
    0,
    1,
    'migration 0002'
),
(
    'abuse_low_entropy_min_votes',
    '20',
    'number',
    'Low interaction entropy: votes a user must have given before it is judged',
    'limits',
    1,
    100000,
    'migration 0002'
),
(
    'abuse_serial_votes_per_day',
    '5',
    'number',
    'Serial voting: upvotes from one voter to one author in one UTC day that raise a flag',
    'limits',
    1,
    100000,
    'migration 0002'
),
(
    'abuse_similarity_min',
    '0.95',
    'number',
    'Near-duplicate content: cosine similarity (0..1) from which two texts count as the same',
    'limits',
    0,
    1,
    'migration 0002'
),
(
    'abuse_similarity_window_days',
    '7',
    'number',
    'Near-duplicate content: content this recent is compared with all content',
    'limits',
    1,
    3650,
    'migration 0002'
),
(
    'abuse_vote_trading_min_reciprocity',
    '0.8',
    'number',
    'Vote trading: least reciprocity (0..1) of both directions',
    'limits',
    0,
    1,
    'migration 0002'
),
(
    'abuse_vote_trading_min_votes',
    '5',
    'number',
    'Vote trading: upvotes each way between two users before the pair is flagged',
    'limits',
    1,
    100000,
    'migration 0002'
),
(
    'daily_reputation_cap',
    '200',
    'number',
    'Most reputation one user can gain per UTC day (Stack Exchange: 200); the excess is withheld',
    'limits',
    0,
    1000000,
    'migration 0002'
),
(
    'daily_xp_cap',
    '1000',
    'number',
    'Most XP one user can earn per UTC day; the excess is withheld (cap_trimmed)',
    'limits',
    0,
    1000000,
    'migration 0002'
),
(
    'game_cooldown_minutes',
    '0',
    'number',
    'Minutes a user waits after starting a game before the next',
    'limits',
    0,
    10080,
    'migration 0002'
),
(
    'game_system_enabled',
    'true',
    'boolean',
    'Master switch: no game starts while false',
    'gameplay',
    null,
    null,
    'migration 0002'
),
(
    'incremental_overlap_minutes',
    '60',
    'number',
    'Incremental jobs take in events this far before their watermark (transactions open that long are covered)',
    'limits',
    1,
    1440,
    'migration 0002'
),
(
    'max_games_per_day',
    '10',
    'number',
    'Games one user may start per rolling 24 hours',
    'limits',
    0,
    1000,
    'migration 0002'
),
('max_games_per_hour', '5', 'number', 'Games one user may start per rolling hour', 'limits', 0, 1000, 'migration 0002'),
(
    'max_nudges_per_week',
    '2',
    'number',
    'Most nudges one user receives in any 7 days',
    'nudges',
    0,
    100,
    'migration 0002'
),
(
    'min_confidence_auto_save',
    '0.85',
    'number',
    'Lowest NLU confidence at which a conversation message is harvested as a training sample',
    'training',
    0,
    1,
    'migration 0002'
),
(
    'nudge_inactive_days',
    '3',
    'number',
    'Days without activity after which a user gets an inactivity nudge',
    'nudges',
    1,
    365,
    'migration 0002'
),
(
    'nudge_inactive_message',
    '{"en": "We miss you! Your next lesson takes 5 minutes.", "vi": "Chúng tôi nhớ bạn! Bài học tiếp theo chỉ mất 5 '
    'phút.", "hi": "हम आपको याद कर रहे हैं! अगला पाठ सिर्फ़ 5 मिनट का है।"}',
    'json',
    'Inactivity nudge text per language (I18N)',
    'nudges',
    null,
    null,
    'migration 0002'
),
(
    'personalized_question_ratio',
    '0.5',
    'number',
    'Share of questions (0..1) drawn from the personalised bank when one is available',
    'gameplay',
    0,
    1,
    'migration 0002'
),
(
    'reputation_accept_given',
    '2',
    'number',
    'Reputation the doubt''s author gets for accepting an answer',
    'rewards',
    0,
    1000,
    'migration 0002'
),
(
    'reputation_answer_accepted',
    '15',
    'number',
    'Reputation an accepted answer gives its author (not capped)',
    'rewards',
    0,
    1000,
    'migration 0002'
),
(
    'reputation_answer_upvote',
    '10',
    'number',
    'Reputation an upvote on an answer gives its author',
    'rewards',
    0,
    1000,
    'migration 0002'
),
(
    'reputation_doubt_upvote',
    '5',
    'number',
    'Reputation an upvote on a doubt gives its author',
    'rewards',
    0,
    1000,
    'migration 0002'
),
(
    'reputation_downvote',
    '-2',
    'number',
    'Reputation a downvote costs the author',
    'rewards',
    -1000,
    0,
    'migration 0002'
),
(
    'retention_conversation_days',
    '365',
    'number',
    'Conversation logs and memory older than this many days are removed (apply_retention)',
    'retention',
    1,
    36500,
    'migration 0002'
),
(
    'retention_event_log_days',
    '30',
    'number',
    'Processed event-log rows older than this many days are removed (apply_retention)',
    'retention',
    1,
    36500,
    'migration 0002'
),
(
    'reward_entity_hunter',
    '10',
    'number',
    'Reward in rupees for a won Entity Hunter game',
    'rewards',
    0,
    100000,
    'migration 0002'
),
(
    'reward_intent_quest',
    '15',
    'number',
    'Reward in rupees for a won Intent Quest game',
    'rewards',
    0,
    100000,
    'migration 0002'
),
(
    'reward_language_master',
    '15',
    'number',
    'Reward in rupees for a won Language Master game',
    'rewards',
    0,
    100000,
    'migration 0002'
),
(
    'reward_profile_builder',
    '5',
    'number',
    'Reward in rupees for a won Profile Builder game',
    'rewards',
    0,
    100000,
    'migration 0002'
),
(
    'reward_tone_detective',
    '15',
    'number',
    'Reward in rupees for a won Tone Detective game',
    'rewards',
    0,
    100000,
    'migration 0002'
),
(
    'streak_freeze_every_days',
    '7',
    'number',
    'Days of streak that earn one streak freeze',
    'gameplay',
    1,
    365,
    'migration 0002'
),
('streak_max_freezes', '2', 'number', 'Most streak freezes a user can hold', 'gameplay', 0, 365, 'migration 0002'),
(
    'xp_answer_accepted',
    '15',
    'number',
    'XP an answer''s author earns when it is accepted (once per answer)',
    'rewards',
    0,
    1000,
    'migration 0002'
);

-- Monthly partitions: registered here, created (and dropped past retention) by core.maintain_partitions()

insert into core.partitioned_tables (table_name, retention_setting, keep_while, why) values
(
    'core.event_logs',
    'retention_event_log_days',
    'processed_at is null',
    'domain events; a month goes once every event in it has been processed'
);

select
    table_name,
    partition_name,
    action
from core.maintain_partitions();
