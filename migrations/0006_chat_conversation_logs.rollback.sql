-- Undo 0006: drops conversation_logs. Loses every logged message.

drop table chat.conversation_logs;
