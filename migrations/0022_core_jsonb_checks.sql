-- Shape checks for JSONB documents, in one place, reused by every table.
--
-- Seed 003 lists seven JSONB fields "NOT IN SCHEMA REGISTRY": nothing
-- checked what the application wrote. Here the database is the registry.
-- Each function returns true for a good document (or NULL, which the
-- column's NOT NULL decides about) and otherwise raises an error that names
-- the field, so a CHECK using it tells the writer exactly what is wrong.

create function core.check_jsonb_object(document jsonb, field text) returns boolean
language plpgsql immutable as $$
begin
    if document is null or jsonb_typeof(document) = 'object' then
        return true;
    end if;
    raise exception '% must be a JSON object, got %', field, jsonb_typeof(document)
        using errcode = 'check_violation';
end;
$$;
comment on function core.check_jsonb_object(jsonb, text) is
'CHECK helper: the document is a JSON object; otherwise raises naming the field.';

create function core.check_i18n_text(document jsonb, field text) returns boolean
language plpgsql immutable as $$
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
