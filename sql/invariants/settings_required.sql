-- description: every setting the database's functions, triggers and the named queries read exists with the right type
select
    required.key,
    required.type as expected_type,
    s.type as actual_type
from (
    values
    ('abuse_low_entropy_max', 'number'), ('abuse_low_entropy_min_votes', 'number'),
    ('abuse_serial_votes_per_day', 'number'), ('abuse_similarity_min', 'number'),
    ('abuse_similarity_window_days', 'number'), ('abuse_vote_trading_min_reciprocity', 'number'),
    ('abuse_vote_trading_min_votes', 'number'), ('daily_reputation_cap', 'number'),
    ('daily_xp_cap', 'number'), ('game_cooldown_minutes', 'number'),
    ('game_system_enabled', 'boolean'), ('max_games_per_day', 'number'),
    ('max_games_per_hour', 'number'), ('max_nudges_per_week', 'number'),
    ('min_confidence_auto_save', 'number'), ('nudge_inactive_days', 'number'),
    ('nudge_inactive_message', 'json'), ('personalized_question_ratio', 'number'),
    ('reputation_accept_given', 'number'), ('reputation_answer_accepted', 'number'),
    ('reputation_answer_upvote', 'number'), ('reputation_doubt_upvote', 'number'),
    ('reputation_downvote', 'number'), ('retention_conversation_days', 'number'),
    ('retention_event_log_days', 'number'), ('reward_entity_hunter', 'number'),
    ('reward_intent_quest', 'number'), ('reward_language_master', 'number'),
    ('reward_profile_builder', 'number'), ('reward_tone_detective', 'number'),
    ('incremental_overlap_minutes', 'number'),
    ('streak_freeze_every_days', 'number'), ('streak_max_freezes', 'number'),
    ('xp_answer_accepted', 'number')
) as required (key, type)
left join core.gamification_settings as s on required.key = s.key
where s.type is distinct from required.type
order by required.key
