-- Validate what 0083, 0085 and 0087 added NOT VALID on live tables. Each
-- VALIDATE scans under a lock that lets reads and writes through, and fails
-- naming the rule if an existing row breaks it.

alter table reward.xp_ledger validate constraint xp_ledger_final_xp_check;
alter table reward.reputation_ledger validate constraint reputation_ledger_cap_trimmed_check;
alter table trust.abuse_flags validate constraint abuse_flags_flag_type_check;
alter table reward.badge_grants validate constraint badge_grants_run_id_fkey;
alter table reward.badge_grants validate constraint badge_grants_rule_version_fkey;
alter table reward.user_achievements validate constraint user_achievements_run_id_fkey;
alter table reward.user_achievements validate constraint user_achievements_rule_version_fkey;
