-- Undo 0089: the constraints go back to NOT VALID, as 0083, 0085 and 0087
-- left them. No data is lost.

alter table reward.user_achievements
drop constraint user_achievements_rule_version_fkey,
add constraint user_achievements_rule_version_fkey foreign key (rule_id, rule_version)
references reward.award_rule_versions (rule_id, version) not valid;
alter table reward.user_achievements
drop constraint user_achievements_run_id_fkey,
add constraint user_achievements_run_id_fkey foreign key (run_id) references reward.award_runs (id) not valid;
alter table reward.badge_grants
drop constraint badge_grants_rule_version_fkey,
add constraint badge_grants_rule_version_fkey foreign key (rule_id, rule_version)
references reward.award_rule_versions (rule_id, version) not valid;
alter table reward.badge_grants
drop constraint badge_grants_run_id_fkey,
add constraint badge_grants_run_id_fkey foreign key (run_id) references reward.award_runs (id) not valid;
alter table trust.abuse_flags
drop constraint abuse_flags_flag_type_check,
add constraint abuse_flags_flag_type_check check (flag_type in (
    'SIMILARITY_HIGH', 'VOTE_TRADING', 'LOW_ENTROPY', 'IP_CLUSTERING',
    'STREAK_FRAUD', 'XP_FARMING', 'SPAM_POSTING', 'SOCKPUPPET', 'SERIAL_VOTING'
)) not valid;
alter table reward.reputation_ledger
drop constraint reputation_ledger_cap_trimmed_check,
add constraint reputation_ledger_cap_trimmed_check check (cap_trimmed >= 0) not valid;
alter table reward.xp_ledger
drop constraint xp_ledger_final_xp_check,
add constraint xp_ledger_final_xp_check check (
    final_xp = round(base_xp * mastery_mult * trust_mult * fact_check_mult * time_decay) - cap_trimmed
    and mastery_mult >= 0 and trust_mult >= 0 and fact_check_mult >= 0 and time_decay between 0 and 1
    and cap_trimmed >= 0
) not valid;
