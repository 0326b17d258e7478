-- transactional: false
--
-- The XP leaderboard of a day, week or month and its snapshots read the
-- ledger rows of one period. Without an index on created_at alone (the
-- seed's index leads with user_id) they scan the whole ledger: at 10M rows
-- `make bench` measured that. The index also carries user_id and final_xp,
-- all those queries read, so they are answered from the index alone.
-- Built CONCURRENTLY on the live ledger; see 0014 for what to do if the
-- build fails.

create index concurrently idx_xp_ledger_created_at on reward.xp_ledger (created_at) include (user_id, final_xp);
