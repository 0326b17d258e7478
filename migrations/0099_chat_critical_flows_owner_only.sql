-- A system-critical flow can be changed in a way that stops it working only
-- by the owner role, that is by a migration or a DBA.
--
-- 0016 let a flow stop being critical when the transaction had set
-- gamedb.allow_critical_flow_change to 'on'; any session can set a custom
-- setting, so the application could switch a critical flow off with two
-- statements. It could also rename the flow's id, archive it or empty its
-- states, which 0016 did not look at. The rule now rests on the caller's
-- role (core.caller_is_owner(), 0098), not on a setting:
--   * the application may change only a critical flow's name, description
--     and metadata; any other column (id, enabled, status, states, initial
--     and final states, trigger, module, version, context schema,
--     system_critical) is the owner's;
--   * only the owner may create a critical flow;
--   * nobody deletes a critical flow or disables it while it is critical
--     (as before; the owner first clears system_critical).
-- The setting is no longer read.

create or replace function chat.protect_critical_flows() returns trigger
language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        if old.system_critical then
            raise exception 'flow % is system-critical and cannot be deleted', old.id
                using errcode = 'restrict_violation';
        end if;
        return old;
    end if;
    if not core.caller_is_owner() then
        if tg_op = 'INSERT' and new.system_critical then
            raise exception 'flow % cannot be created system-critical: only a migration marks a flow critical', new.id
                using errcode = 'insufficient_privilege';
        end if;
        if tg_op = 'UPDATE' and (old.system_critical or new.system_critical)
            and (to_jsonb(new) - array['name', 'description', 'metadata', 'updated_at'])
            is distinct from (to_jsonb(old) - array['name', 'description', 'metadata', 'updated_at']) then
            raise exception 'flow % is system-critical: only a migration may change more than its name, '
                'description and metadata', old.id
                using errcode = 'insufficient_privilege';
        end if;
    end if;
    if new.system_critical and not new.enabled then
        raise exception 'flow % is system-critical and cannot be disabled', new.id
            using errcode = 'restrict_violation';
    end if;
    return new;
end;
$$;
comment on function chat.protect_critical_flows() is
'BEFORE INSERT/UPDATE/DELETE on chat.flows: a system-critical flow stays enabled and is never deleted; '
'only the owner role creates one or changes more than its name, description and metadata.';
