-- Undo 0010: drops the chat baseline constraints. No data is lost.

alter table chat.flow_runs drop constraint flow_runs_flow_id_fkey;
alter table chat.conversation_memory drop constraint conversation_memory_role_check;
alter table chat.conversation_memory drop constraint conversation_memory_user_id_fkey;
