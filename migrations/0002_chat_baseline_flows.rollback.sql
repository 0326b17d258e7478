-- Undo 0002: drops the chat baseline tables and the chat schema.
-- Loses all flows, flow runs and conversation memory.

drop table chat.conversation_memory;
drop table chat.flow_runs;
drop table chat.flows;
drop schema chat;
