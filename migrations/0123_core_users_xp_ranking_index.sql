-- transactional: false
--
-- The all-time leaderboard as an index read: core.users ordered by
-- total_xp, only users who may appear (not shadow-banned, not opted out,
-- some XP). Built CONCURRENTLY: users go on signing up and earning
-- meanwhile (an interrupted build is rebuilt by `gamedb migrate`).

create index concurrently idx_users_xp_ranking on core.users (total_xp desc, id)
where not is_shadow_banned and not leaderboard_opt_out and total_xp > 0;
