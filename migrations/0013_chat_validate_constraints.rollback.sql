-- Undo 0013: puts the constraints back in the NOT VALID state 0010 left them
-- in (dropped and added again NOT VALID; no scan). No data is lost.

alter table chat.flow_runs
drop constraint flow_runs_flow_id_fkey,
add constraint flow_runs_flow_id_fkey
foreign key (flow_id) references chat.flows (id) not valid;

alter table chat.conversation_memory
drop constraint conversation_memory_role_check,
add constraint conversation_memory_role_check check (role in ('user', 'assistant')) not valid;

alter table chat.conversation_memory
drop constraint conversation_memory_user_id_fkey,
add constraint conversation_memory_user_id_fkey
foreign key (user_id) references core.users (id) not valid;
