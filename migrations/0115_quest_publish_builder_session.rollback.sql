-- Undo 0115: no publishing function. Quests it created stay.

drop function quest.publish_builder_session(bigint, text, text);
