-- Validate the chat baseline constraints added NOT VALID by 0010.
-- Same reasoning as 0012: the scan takes a lock that lets writers through,
-- and it runs apart from the ADD so the ADD's lock is held only briefly.

alter table chat.conversation_memory validate constraint conversation_memory_user_id_fkey;
alter table chat.conversation_memory validate constraint conversation_memory_role_check;
alter table chat.flow_runs validate constraint flow_runs_flow_id_fkey;
