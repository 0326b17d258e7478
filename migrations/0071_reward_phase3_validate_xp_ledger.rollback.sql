-- Undo 0071: back to the NOT VALID state of 0068 and 0070. No data is lost.

alter table reward.xp_ledger
drop constraint xp_ledger_final_xp_check,
add constraint xp_ledger_final_xp_check check (
    final_xp = round(base_xp * mastery_mult * trust_mult * fact_check_mult * time_decay)
    and mastery_mult >= 0 and trust_mult >= 0 and fact_check_mult >= 0 and time_decay between 0 and 1
) not valid;

alter table reward.xp_ledger
drop constraint xp_ledger_breakdown_present_check,
add constraint xp_ledger_breakdown_present_check check (
    base_xp is not null and final_xp is not null and reason is not null and event_type is not null
) not valid;

alter table reward.xp_ledger
drop constraint xp_ledger_concept_id_fkey,
add constraint xp_ledger_concept_id_fkey
foreign key (concept_id) references learn.concepts (id) on delete set null not valid;
