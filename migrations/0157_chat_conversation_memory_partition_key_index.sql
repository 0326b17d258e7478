-- transactional: false
--
-- First of three steps that turn chat.conversation_memory, the bot's
-- turn-by-turn memory of every user, into a table partitioned by month of
-- created_at (0159 says why), on a live database, as 0136-0138 did for the
-- event log. A partitioned table's primary key must hold its partition
-- key, so the key becomes (id, user_id, created_at): this builds its index
-- on the existing table CONCURRENTLY (the bot goes on writing), and 0159
-- promotes it to the primary key without a scan. An interrupted build is
-- rebuilt by `gamedb migrate`.

create unique index concurrently idx_conversation_memory_id_user_id_created_at
on chat.conversation_memory (id, user_id, created_at);
