-- Undo 0111: the two rules go; quests unpublished meanwhile stay unpublished.

drop trigger user_tracks_phase_forward on quest.user_tracks;
drop function quest.keep_track_phase_forward();
drop trigger quests_unpublish_unapproved on quest.quests;
drop function quest.unpublish_unapproved();
