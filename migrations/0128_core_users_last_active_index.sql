-- transactional: false
--
-- nudge_inactive_users reads the least recently active users first, up to
-- max_rows: with this index that is a range read in that order instead of
-- a scan and sort of every user on each run. Built CONCURRENTLY: users go
-- on signing in and playing meanwhile (an interrupted build is rebuilt by
-- `gamedb migrate`).

create index concurrently idx_users_last_active_at on core.users (last_active_at, id);
