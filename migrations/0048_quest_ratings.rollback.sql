-- Undo 0048 (seed 002 downgrade: QuestRating). Loses every rating.

drop table quest.quest_ratings;
