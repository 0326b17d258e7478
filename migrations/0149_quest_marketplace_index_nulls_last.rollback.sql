-- transactional: false
--
-- Undo 0149: the marketplace index is (rating desc, id) again, built
-- CONCURRENTLY before the other goes, under the same name.
-- squawk-ignore-file renaming-object

create index concurrently idx_quests_public_rating_nulls_first on quest.quests (rating desc, id) where is_public;
drop index concurrently if exists quest.idx_quests_is_public;
alter index quest.idx_quests_public_rating_nulls_first rename to idx_quests_is_public;
