-- name: repair_user_ledger_totals
-- description: Recompute users' total_xp and total_reputation from the ledgers where they drifted
-- mode: write
-- schedule: 45 4 * * *
--
-- The ledgers are the truth; the totals on core.users follow them by
-- trigger. Drift can only come from writes made while those triggers were
-- off; this puts back the sums of reward.user_ledger_totals (the invariant
-- users_ledger_totals reports drift) and lists what it changed.
update core.users as u
set total_xp = t.ledger_xp, total_reputation = t.ledger_reputation
from reward.user_ledger_totals as t
where u.id = t.user_id and (u.total_xp <> t.ledger_xp or u.total_reputation <> t.ledger_reputation)
returning u.id as user_id, u.total_xp, u.total_reputation
