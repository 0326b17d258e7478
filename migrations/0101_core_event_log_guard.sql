-- The event log is append-only for the application, but for marking an
-- event processed and for retention.
--
-- The application (gamedb_app, which also runs process_event_log and
-- apply_retention) could UPDATE any column of any event and DELETE any
-- event, processed or not. For callers other than the owner role
-- (core.caller_is_owner(), 0098) the database now allows exactly:
--   * INSERT of a new, unprocessed event; emitted_at is stamped by the
--     database, so an event cannot be back-dated into retention;
--   * UPDATE that only sets processed_at on an event not yet processed
--     (what process_event_log does); processed stays processed;
--   * DELETE of an event processed longer ago than retention_event_log_days
--     (what apply_retention does).
-- 0105 narrows the application's UPDATE privilege to processed_at as well.
-- The owner (a migration, a DBA, core.forget_user) is not limited.

create function core.guard_event_log() returns trigger
language plpgsql as $$
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
'BEFORE INSERT/UPDATE/DELETE on core.event_logs: callers other than the owner insert unprocessed events '
'(emitted_at stamped), only mark an event processed once, and delete only what retention allows.';

create trigger event_logs_guard
before insert or update or delete on core.event_logs
for each row execute function core.guard_event_log();
