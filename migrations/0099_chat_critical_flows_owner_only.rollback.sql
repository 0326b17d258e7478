-- Undo 0099: the rule of 0016 comes back, with its setting
-- gamedb.allow_critical_flow_change.

create or replace function chat.protect_critical_flows() returns trigger
language plpgsql as $$
declare
    migration_override boolean := coalesce(current_setting('gamedb.allow_critical_flow_change', true), '') = 'on';
begin
    if tg_op = 'DELETE' then
        if old.system_critical then
            raise exception 'flow % is system-critical and cannot be deleted', old.id
                using errcode = 'restrict_violation';
        end if;
        return old;
    end if;
    if tg_op = 'UPDATE' and old.system_critical and not new.system_critical and not migration_override then
        raise exception 'flow % is system-critical; only a migration can change that', old.id
            using errcode = 'restrict_violation';
    end if;
    if new.system_critical and not new.enabled then
        raise exception 'flow % is system-critical and cannot be disabled', new.id
            using errcode = 'restrict_violation';
    end if;
    return new;
end;
$$;
comment on function chat.protect_critical_flows() is
'BEFORE INSERT/UPDATE/DELETE on chat.flows: a system-critical flow stays enabled and cannot be deleted.';
