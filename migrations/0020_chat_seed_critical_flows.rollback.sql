-- Undo 0020: the three flows stop being critical; rows this migration
-- inserted are deleted, rows it only marked get back their enabled flag and
-- metadata. Loses any edits made since to the inserted flow definitions.

-- Lets this transaction clear system_critical (see migration 0016);
-- set_config(..., true) is SET LOCAL: it ends with the transaction.
select set_config('gamedb.allow_critical_flow_change', 'on', true);

update chat.flows
set
    system_critical = false,
    enabled = (metadata -> 'critical_seed' ->> 'was_enabled')::boolean,
    metadata = case
        when (metadata -> 'critical_seed' ->> 'had_metadata')::boolean then metadata - 'critical_seed'
    end
where metadata ? 'critical_seed';

delete from chat.flows
where metadata ->> 'seeded_by' = 'migration 0020';
