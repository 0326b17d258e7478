-- transactional: false
--
-- First of three steps that turn core.event_logs into a table partitioned
-- by month of emitted_at, on a live database (0138 says why). A
-- partitioned table's primary key must hold its partition key, so the
-- key becomes (id, emitted_at): this builds its index on the existing
-- table CONCURRENTLY (events go on being written), and 0138 promotes it to
-- the primary key without a scan. An interrupted build is rebuilt by
-- `gamedb migrate`.

create unique index concurrently idx_event_logs_id_emitted_at on core.event_logs (id, emitted_at);
