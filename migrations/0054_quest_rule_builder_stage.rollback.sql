-- Undo 0054: builder stages may move back again. No data is lost.

drop trigger quest_builder_sessions_stage_order on quest.quest_builder_sessions;
drop function quest.enforce_builder_stage_order();
