-- Undo 0047 (seed 002 downgrade: QuestProgress). Loses every child's progress.

drop table quest.quest_progress;
