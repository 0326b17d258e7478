-- Undo 0046 (seed 002 downgrade: UserQuestLibrary). Loses every library entry.

drop table quest.user_quest_library;
