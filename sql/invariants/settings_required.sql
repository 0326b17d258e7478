-- every setting the game functions, nudges and queries read exists with the right type
select
    required.key,
    required.type as expected_type,
    s.type as actual_type
from (
    values
    ('reward_intent_quest', 'number'), ('reward_language_master', 'number'),
    ('reward_tone_detective', 'number'), ('reward_entity_hunter', 'number'),
    ('reward_profile_builder', 'number'), ('max_games_per_day', 'number'),
    ('max_games_per_hour', 'number'), ('game_cooldown_minutes', 'number'),
    ('personalized_question_ratio', 'number'), ('game_system_enabled', 'boolean'),
    ('min_confidence_auto_save', 'number'), ('nudge_inactive_days', 'number'),
    ('max_nudges_per_week', 'number'), ('nudge_inactive_message', 'json')
) as required (key, type)
left join core.gamification_settings as s on required.key = s.key
where s.type is distinct from required.type
order by required.key
