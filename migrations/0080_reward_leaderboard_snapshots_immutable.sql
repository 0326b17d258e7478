-- Leaderboard snapshots are history: once written they never change
-- (UPDATE, DELETE and TRUNCATE refused, as for the ledgers), and each keeps
-- the user's place in the previous period of the same kind, so "what
-- changed" is read without recomputing the past. previous_rank is nullable
-- (no rewrite of the live table); NULL means the user was not ranked then.
-- The ranking's tie-break is declared in the snapshot query: higher score
-- first, then the lower user id.

alter table reward.leaderboard_snapshots add column previous_rank integer;

comment on column reward.leaderboard_snapshots.previous_rank is
'The user''s rank in the previous period of the same type; NULL if unranked then.';
comment on column reward.leaderboard_snapshots.score is 'XP earned in the period (sum of xp_ledger.final_xp).';

create trigger leaderboard_snapshots_immutable
before update or delete on reward.leaderboard_snapshots
for each row execute function core.refuse_change();

create trigger leaderboard_snapshots_no_truncate
before truncate on reward.leaderboard_snapshots
for each statement execute function core.refuse_change();
