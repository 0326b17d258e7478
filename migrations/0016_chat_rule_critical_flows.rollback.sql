-- Undo 0016: critical flows are no longer protected. No data is lost.

drop trigger flows_protect_critical on chat.flows;
drop function chat.protect_critical_flows();
