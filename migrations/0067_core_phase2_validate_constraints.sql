-- Validate the phase 2 rules added NOT VALID to live tables by 0064 (users),
-- 0065 (concepts) and 0066 (achievement progress). VALIDATE scans under a
-- lock that lets reads and writes through.

alter table core.users validate constraint users_trust_check;
alter table learn.concepts validate constraint concepts_embedding_check;
alter table reward.achievement_progress validate constraint achievement_progress_anti_gaming_check;
