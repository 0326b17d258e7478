-- Undo 0040: drops quests, child privacy settings and the quest schema.
-- Loses every quest and every consent record.

drop table quest.child_privacy_settings;
drop table quest.quests;
drop schema quest;
