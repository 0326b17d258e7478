-- Validate what seed 002's change added NOT VALID to live tables (0041 on
-- core.users, 0043 and 0044 on quest.quests). VALIDATE scans under a lock
-- that lets reads and writes through.

alter table core.users validate constraint users_mode_check;
alter table core.users validate constraint users_learning_profile_check;
alter table quest.quests validate constraint quests_graph_structure_check;
alter table quest.quests validate constraint quests_age_range_check;
alter table quest.quests validate constraint quests_counts_check;
alter table quest.quests validate constraint quests_public_needs_review_check;
alter table quest.quests validate constraint quests_psychologist_review_id_fkey;
