-- Seed 000, new table 1: gamification_settings, the database-driven
-- configuration ("no hardcoded values"): reward amounts, limits, gameplay
-- switches, training thresholds. Queries read limits from here, never from
-- literals.
--
-- Beyond the seed, because it asks for settings that are "auditable":
--   * a value must parse as its declared type (CHECK through one function);
--   * every insert, change and removal is kept in gamification_settings_history
--     (who, when, old, new), which can only be appended to;
--   * typed accessors (core.setting_numeric, core.setting_boolean) for queries,
--     and core.set_setting, which refuses unknown keys.
-- Conventions applied: bigint identity id instead of SERIAL, timestamptz
-- updated_at; type and category are closed sets (CHECK, not enum: DESIGN.md).

create function core.setting_value_is_valid(setting_type text, setting_value text)
returns boolean
language plpgsql immutable as $$
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
comment on function core.setting_value_is_valid(text, text) is
'True when a setting value parses as its declared type (number, boolean, json, string).';

create table core.gamification_settings (
    id bigint generated always as identity,
    key varchar(100) not null,
    value text not null,
    type varchar(20) not null,
    description text,
    category varchar(50),
    updated_at timestamptz not null default now(),
    updated_by varchar(100),
    constraint gamification_settings_pkey primary key (id),
    constraint gamification_settings_key_key unique (key),
    constraint gamification_settings_type_check
    check (type in ('number', 'boolean', 'json', 'string')),
    constraint gamification_settings_category_check
    check (category in ('rewards', 'limits', 'gameplay', 'training')),
    constraint gamification_settings_value_check
    check (core.setting_value_is_valid(type, value))
);
comment on table core.gamification_settings is
'Typed, audited configuration for games, rewards, limits and training (seed 000). Read by queries.';
comment on column core.gamification_settings.key is 'Setting name, e.g. max_games_per_day.';
comment on column core.gamification_settings.value is 'The value as text; must parse as type.';
comment on column core.gamification_settings.type is 'Closed set: number, boolean, json, string.';
comment on column core.gamification_settings.category is 'Closed set: rewards, limits, gameplay, training.';
comment on column core.gamification_settings.updated_by is 'Who made the last change (admin name or job).';

create trigger gamification_settings_touch_updated_at
before update on core.gamification_settings
for each row execute function core.touch_updated_at();

create table core.gamification_settings_history (
    id bigint generated always as identity,
    setting_key varchar(100) not null,
    operation varchar(10) not null,
    old_value text,
    new_value text,
    changed_by varchar(100),
    database_user text not null default session_user,
    changed_at timestamptz not null default now(),
    constraint gamification_settings_history_pkey primary key (id),
    constraint gamification_settings_history_operation_check
    check (operation in ('insert', 'update', 'delete'))
);
comment on table core.gamification_settings_history is
'Every change to a setting: who, when, old and new value. Append-only.';
comment on column core.gamification_settings_history.changed_by is
'updated_by of the change (the application-level author).';
comment on column core.gamification_settings_history.database_user is 'The database role that made the change.';

create index idx_gamification_settings_history_setting_key
on core.gamification_settings_history (setting_key, changed_at);

create function core.record_setting_change() returns trigger
language plpgsql as $$
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

create trigger gamification_settings_record_change
after insert or update or delete on core.gamification_settings
for each row execute function core.record_setting_change();

create function core.refuse_change() returns trigger
language plpgsql as $$
begin
    -- Shared by every append-only table (histories, ledgers).
    raise exception '% is append-only: % is not allowed', tg_table_schema || '.' || tg_table_name, tg_op
        using errcode = 'restrict_violation';
end;
$$;
comment on function core.refuse_change() is
'BEFORE UPDATE/DELETE trigger for append-only tables: refuses the statement.';

create trigger gamification_settings_history_append_only
before update or delete on core.gamification_settings_history
for each row execute function core.refuse_change();

create trigger gamification_settings_history_no_truncate
before truncate on core.gamification_settings_history
for each statement execute function core.refuse_change();

create function core.setting_text(setting_key text) returns text
language plpgsql stable as $$
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

create function core.setting_numeric(setting_key text) returns numeric
language sql stable as $$
    select core.setting_text(setting_key)::numeric;
$$;
comment on function core.setting_numeric(text) is 'A number setting as numeric.';

create function core.setting_boolean(setting_key text) returns boolean
language sql stable as $$
    select core.setting_text(setting_key)::boolean;
$$;
comment on function core.setting_boolean(text) is 'A boolean setting as boolean.';

create function core.set_setting(setting_key text, new_value text, changed_by text)
returns setof core.gamification_settings
language plpgsql as $$
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
'Changes one existing setting; its history row is written by trigger.';
