-- Undo 0045 (seed 002 downgrade: QuestBuilderSession). Loses every builder conversation.

drop table quest.quest_builder_sessions;
