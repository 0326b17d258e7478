-- Seed 004, phase 2: the extended User model: trust and moderation flags,
-- and the denormalised totals of the XP and reputation ledgers.
--
-- On the live users table: every column has a constant default or is
-- nullable, so the change rewrites nothing. Rules are added NOT VALID and
-- validated by 0067. total_xp and total_reputation are bigint (the seed's
-- Int): they are sums of ledgers. They are derived: the phase 5 backfill and
-- a repair query compute them from the ledgers.

alter table core.users
add column trust_score_cache numeric(5, 4) not null default 0.5,
add column is_shadow_banned boolean not null default false,
add column is_suspended boolean not null default false,
add column suspended_until timestamptz,
add column leaderboard_opt_out boolean not null default false,
add column total_xp bigint not null default 0,
add column total_reputation bigint not null default 0;

alter table core.users
add constraint users_trust_check check (
    trust_score_cache between 0 and 1 and (suspended_until is null or is_suspended)
) not valid;

comment on column core.users.trust_score_cache is 'Copy of trust.trust_scores.score for fast reads (seed 004).';
comment on column core.users.is_shadow_banned is 'Posts are hidden from others and never on leaderboards.';
comment on column core.users.is_suspended is 'Suspended by a moderator; until suspended_until when set.';
comment on column core.users.leaderboard_opt_out is 'The user asked not to appear on leaderboards.';
comment on column core.users.total_xp is 'Derived: sum of reward.xp_ledger.final_xp.';
comment on column core.users.total_reputation is 'Derived: sum of reward.reputation_ledger.change.';
