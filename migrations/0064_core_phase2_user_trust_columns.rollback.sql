-- Undo 0064 (seed 004 phase 2, User): loses the moderation flags and the
-- totals (they can be recomputed from the ledgers).

alter table core.users
drop column total_reputation,
drop column total_xp,
drop column leaderboard_opt_out,
drop column suspended_until,
drop column is_suspended,
drop column is_shadow_banned,
drop column trust_score_cache;
