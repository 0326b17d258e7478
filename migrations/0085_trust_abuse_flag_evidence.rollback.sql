-- Undo 0085: no detector keys, evidence, final reviews or reversal of
-- serial votes. Loses the evidence rows and the detector keys; the flags
-- stay. Refuses while SERIAL_VOTING flags exist: the old type list has no
-- place for them (review or delete them first).

delete from core.gamification_settings
where key in (
        'abuse_vote_trading_min_votes', 'abuse_vote_trading_min_reciprocity', 'abuse_serial_votes_per_day',
        'abuse_low_entropy_min_votes', 'abuse_low_entropy_max', 'abuse_similarity_min', 'abuse_similarity_window_days'
    );
drop trigger abuse_flag_evidence_keep_reviews_final on trust.abuse_flag_evidence;
drop function trust.keep_evidence_of_reviews_final();
drop trigger abuse_flags_reverse_serial_votes on trust.abuse_flags;
drop function trust.reverse_serial_votes();
drop trigger abuse_flags_keep_reviews_final on trust.abuse_flags;
drop function trust.keep_reviews_final();
drop table trust.abuse_flag_evidence;
alter table trust.abuse_flags drop column detector_key;
comment on column trust.abuse_flags.flag_type is
'Seed AbuseFlagType: SIMILARITY_HIGH, VOTE_TRADING, LOW_ENTROPY, IP_CLUSTERING, STREAK_FRAUD, XP_FARMING, '
'SPAM_POSTING, SOCKPUPPET.';
alter table trust.abuse_flags
drop constraint abuse_flags_flag_type_check,
add constraint abuse_flags_flag_type_check check (flag_type in (
    'SIMILARITY_HIGH', 'VOTE_TRADING', 'LOW_ENTROPY', 'IP_CLUSTERING',
    'STREAK_FRAUD', 'XP_FARMING', 'SPAM_POSTING', 'SOCKPUPPET'
));
