-- Seed data: the three system-critical flows of seed 000: greeting_v1,
-- help_v1, farewell_v1.
--
-- Seed 000 only marks them; a new database does not have them yet, so a
-- minimal definition is inserted for any that is missing (existing
-- definitions are left as they are). Each marked flow records what it was
-- before, under metadata.critical_seed, so the rollback restores exactly
-- that: rows it inserted are removed, rows it marked get back their
-- enabled flag and metadata.

insert into chat.flows (id, name, description, trigger, states, initial_state, final_states, metadata)
values
(
    'greeting_v1', 'Greeting', 'Welcomes the user and offers help', 'greeting',
    '{"start": {"say": "greeting"}, "done": {}}', 'start', '["done"]', '{"seeded_by": "migration 0020"}'
),
(
    'help_v1', 'Help', 'Explains what the assistant can do', 'help',
    '{"start": {"say": "help"}, "done": {}}', 'start', '["done"]', '{"seeded_by": "migration 0020"}'
),
(
    'farewell_v1', 'Farewell', 'Closes the conversation', 'farewell',
    '{"start": {"say": "farewell"}, "done": {}}', 'start', '["done"]', '{"seeded_by": "migration 0020"}'
)
on conflict (id) do nothing;

update chat.flows
set
    system_critical = true,
    enabled = true,
    metadata = coalesce(metadata, '{}')
    || jsonb_build_object(
        'critical_seed', jsonb_build_object('was_enabled', enabled, 'had_metadata', metadata is not null)
    )
where id in ('greeting_v1', 'help_v1', 'farewell_v1') and not system_critical;
