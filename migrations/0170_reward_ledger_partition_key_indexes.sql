-- transactional: false
--
-- Second of six steps that partition both ledgers by month of created_at
-- (0172 says why). A partitioned table's keys must hold its partition key:
-- each ledger's primary key becomes (id, user_id, created_at), and a
-- correction's foreign key (corrects_id, user_id, corrects_created_at)
-- points at it (0174). This builds both indexes on the existing tables
-- CONCURRENTLY (awards go on); 0172 and 0173 promote the first to the
-- primary key without a scan, and the second serves the foreign key and
-- the lookup of a row's correction. An interrupted build is rebuilt by
-- `gamedb migrate`.

create unique index concurrently idx_xp_ledger_id_user_id_created_at
on reward.xp_ledger (id, user_id, created_at);
create index concurrently idx_xp_ledger_corrects_id_user_id_corrects_created_at
on reward.xp_ledger (corrects_id, user_id, corrects_created_at);
create unique index concurrently idx_reputation_ledger_id_user_id_created_at
on reward.reputation_ledger (id, user_id, created_at);
create index concurrently idx_reputation_ledger_corrects_id_user_id_corrects_created_at
on reward.reputation_ledger (corrects_id, user_id, corrects_created_at);
