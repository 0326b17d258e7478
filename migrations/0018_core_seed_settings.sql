-- Seed data: the 11 settings of seed 000, with its values.
--
-- Idempotent: a key that already exists keeps its value (an operator may
-- have tuned it). Amounts are rupees. updated_by names this migration, so
-- the history shows where each first value came from.

insert into core.gamification_settings (key, value, type, description, category, updated_by)
values
(
    'reward_intent_quest', '15', 'number', 'Reward in rupees for a won Intent Quest game', 'rewards',
    'migration 0018'
),
(
    'reward_language_master', '15', 'number', 'Reward in rupees for a won Language Master game', 'rewards',
    'migration 0018'
),
(
    'reward_tone_detective', '15', 'number', 'Reward in rupees for a won Tone Detective game', 'rewards',
    'migration 0018'
),
(
    'reward_entity_hunter', '10', 'number', 'Reward in rupees for a won Entity Hunter game', 'rewards',
    'migration 0018'
),
(
    'reward_profile_builder', '5', 'number', 'Reward in rupees for a won Profile Builder game', 'rewards',
    'migration 0018'
),
(
    'max_games_per_day', '10', 'number', 'Games one user may start per rolling 24 hours', 'limits',
    'migration 0018'
),
('max_games_per_hour', '5', 'number', 'Games one user may start per rolling hour', 'limits', 'migration 0018'),
(
    'game_cooldown_minutes', '0', 'number', 'Minutes a user waits after starting a game before the next',
    'limits', 'migration 0018'
),
(
    'personalized_question_ratio', '0.5', 'number',
    'Share of questions (0..1) drawn from the personalised bank when one is available', 'gameplay',
    'migration 0018'
),
(
    'game_system_enabled', 'true', 'boolean', 'Master switch: no game starts while false', 'gameplay',
    'migration 0018'
),
(
    'min_confidence_auto_save', '0.85', 'number',
    'Lowest NLU confidence at which a conversation message is harvested as a training sample', 'training',
    'migration 0018'
)
on conflict (key) do nothing;
