-- transactional: false
--
-- Undo 0051: drops the quests indexes, CONCURRENTLY, newest first. No data is lost.

drop index concurrently if exists quest.idx_quests_psychologist_review_id;
drop index concurrently if exists quest.idx_quests_is_public;
drop index concurrently if exists quest.idx_quests_psychological_module;
