-- Undo 0052: the summary columns are no longer maintained. No data is lost;
-- they keep their last values.

drop trigger quest_progress_touch_quest on quest.quest_progress;
drop trigger quest_ratings_touch_quest on quest.quest_ratings;
drop trigger psychologist_reviews_touch_quest on quest.psychologist_reviews;
drop function quest.touch_summarised_quest();
drop trigger quests_derive_summary on quest.quests;
drop function quest.derive_quest_summary();
drop view quest.quest_summaries;
