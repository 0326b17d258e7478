-- Undo 0072: the columns are nullable again and the CHECK of 0070 is back,
-- validated as 0071 left it (the rows satisfy it: they are NOT NULL now).

alter table reward.xp_ledger
add constraint xp_ledger_breakdown_present_check check (
    base_xp is not null and final_xp is not null and reason is not null and event_type is not null
);

alter table reward.xp_ledger
alter column event_type drop not null,
alter column reason drop not null,
alter column final_xp drop not null,
alter column base_xp drop not null;
