-- Undo 0005: every object of the quest module, by name.
-- It drops the module's tables with every row in them: back up first.

drop view quest.quest_summaries;
drop function quest.publish_builder_session(bigint, text, text);
drop function quest.decide_review(bigint, boolean, boolean);
drop table
quest.user_tracks,
quest.user_quest_library,
quest.quest_ratings,
quest.quest_progress,
quest.quest_builder_sessions,
quest.psychologists,
quest.psychologist_reviews,
quest.quests,
quest.child_privacy_settings;
drop function quest.unpublish_unapproved();
drop function quest.touch_summarised_quest();
drop function quest.stamp_consent_change();
drop function quest.require_psychologist();
drop function quest.require_progress_consent();
drop function quest.keep_track_phase_forward();
drop function quest.enforce_builder_stage_order();
drop function quest.derive_quest_summary();
drop function quest.check_graph_structure(jsonb, text);
