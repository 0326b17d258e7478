-- Seed 004, phase 3, step 3: the rules of the XP ledger rows, added NOT
-- VALID (no scan) and validated by 0071:
--   * a row has its breakdown: base_xp, final_xp, reason, event_type (this
--     CHECK also lets 0072 set NOT NULL without scanning the table);
--   * the one formula: final_xp = round(base_xp * mastery_mult * trust_mult
--     * fact_check_mult * time_decay); multipliers are not negative and the
--     time decay is at most 1.

alter table reward.xp_ledger
add constraint xp_ledger_breakdown_present_check check (
    base_xp is not null and final_xp is not null and reason is not null and event_type is not null
) not valid;

alter table reward.xp_ledger
add constraint xp_ledger_final_xp_check check (
    final_xp = round(base_xp * mastery_mult * trust_mult * fact_check_mult * time_decay)
    and mastery_mult >= 0 and trust_mult >= 0 and fact_check_mult >= 0 and time_decay between 0 and 1
) not valid;
