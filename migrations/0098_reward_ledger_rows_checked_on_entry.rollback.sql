-- Undo 0098: the ledger trigger functions run as the caller again, and rows
-- are no longer checked on entry. Rows written meanwhile stay as they are.

alter function reward.record_ledger_row() security invoker reset search_path;
alter function reward.apply_daily_cap() security invoker reset search_path;

drop trigger reputation_ledger_accept_award on reward.reputation_ledger;
drop trigger xp_ledger_accept_award on reward.xp_ledger;
drop function reward.accept_award();
drop function core.caller_is_owner();
