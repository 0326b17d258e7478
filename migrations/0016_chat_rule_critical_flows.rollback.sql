-- Undo 0016: critical flows are no longer protected. No data is lost.

alter table chat.flows drop constraint flows_critical_enabled_check;
drop trigger flows_protect_critical on chat.flows;
drop function chat.protect_critical_flows();
