-- Undo 0018: removes the 11 settings this migration introduced (and any value
-- an operator gave them since). Their history rows stay: history is
-- append-only, and the rollback itself is recorded there as deletes.

delete from core.gamification_settings
where key in (
        'reward_intent_quest', 'reward_language_master', 'reward_tone_detective',
        'reward_entity_hunter', 'reward_profile_builder',
        'max_games_per_day', 'max_games_per_hour', 'game_cooldown_minutes',
        'personalized_question_ratio', 'game_system_enabled', 'min_confidence_auto_save'
    );
