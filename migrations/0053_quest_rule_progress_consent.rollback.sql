-- Undo 0053: progress is no longer consent-checked. No data is lost.

drop trigger child_privacy_settings_stamp_consent on quest.child_privacy_settings;
drop function quest.stamp_consent_change();

drop trigger quest_progress_require_consent on quest.quest_progress;
drop function quest.require_progress_consent();
