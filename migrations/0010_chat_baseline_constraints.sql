-- Rules for the chat baseline tables, which seed 001 found without them:
--   * conversation_memory.user_id and flow_runs.flow_id become real foreign
--     keys (bigint and text, matching the keys they point at);
--   * conversation_memory.role is the closed set the seed names (user,
--     assistant).
-- The tables are live: constraints are added NOT VALID (a brief lock, no
-- scan) and validated by migration 0013. flows.status and flow_runs.status
-- stay open text: the seed names only their default, not their values.

alter table chat.conversation_memory
add constraint conversation_memory_user_id_fkey
foreign key (user_id) references core.users (id) not valid;

alter table chat.conversation_memory
add constraint conversation_memory_role_check check (role in ('user', 'assistant')) not valid;

alter table chat.flow_runs
add constraint flow_runs_flow_id_fkey
foreign key (flow_id) references chat.flows (id) not valid;
