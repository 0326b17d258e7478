-- Rule: a system-critical flow cannot be disabled or deleted.
--
-- Seed 000 leaves this to the admin controller ("prevent disabling critical
-- flows"); held here, it holds for every client, SQL console included.
-- A flow also cannot stop being critical from application code: only a
-- migration may do that, by setting gamedb.allow_critical_flow_change to
-- 'on' for its own transaction (SET LOCAL), as the seed's rollback does.

create function chat.protect_critical_flows() returns trigger
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

create trigger flows_protect_critical
before insert or update or delete on chat.flows
for each row execute function chat.protect_critical_flows();
