-- transactional: false
--
-- Indexes on the live quests table, built CONCURRENTLY (see 0014 for what to
-- do if a build fails). Seed 002's list: psychological_module (filter by
-- therapy type) and is_public (marketplace queries), here a partial index
-- on the public quests by rating, which is what the marketplace reads; plus
-- the index of the psychologist_review_id foreign key.

create index concurrently idx_quests_psychological_module on quest.quests (psychological_module);

create index concurrently idx_quests_is_public on quest.quests (rating desc, id) where is_public;

create index concurrently idx_quests_psychologist_review_id on quest.quests (psychologist_review_id);
