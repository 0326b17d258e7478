-- Settings change only through core.set_setting, within a declared range.
--
-- Before this the application could UPDATE a setting's type, DELETE a
-- setting every award reads, and INSERT forged rows (any changed_by, any
-- date) into the settings history; and a well-formed but absurd value was
-- accepted: daily_xp_cap = 99999999999 made every award fail with "integer
-- out of range", max_games_per_day = -1 refused every game.
--
--   * Every number setting declares the range its readers can live with
--     (min_value, max_value); a check holds every value inside it, and a
--     new number setting cannot be added without one.
--   * core.set_setting becomes the one path for the application: it runs
--     as the owner (SECURITY DEFINER, search_path pinned) and changes only
--     the value and who asked; 0105 takes INSERT, UPDATE and DELETE on the
--     settings and INSERT on their history from the application, so history
--     rows are written only by the trigger of 0004, stamped by the database
--     (changed_at, database_user). gamedb_readonly may not call it.
--
-- The table holds a few dozen rows: the check is validated at once.

alter table core.gamification_settings
add column min_value numeric,
add column max_value numeric;
comment on column core.gamification_settings.min_value is
'Smallest value allowed (number settings; required for them).';
comment on column core.gamification_settings.max_value is 'Largest value allowed (number settings; required for them).';

update core.gamification_settings as s
set min_value = r.min_value, max_value = r.max_value
from (
    values
    ('abuse_low_entropy_max', 0, 1),
    ('abuse_low_entropy_min_votes', 1, 100000),
    ('abuse_serial_votes_per_day', 1, 100000),
    ('abuse_similarity_min', 0, 1),
    ('abuse_similarity_window_days', 1, 3650),
    ('abuse_vote_trading_min_reciprocity', 0, 1),
    ('abuse_vote_trading_min_votes', 1, 100000),
    ('daily_reputation_cap', 0, 1000000),
    ('daily_xp_cap', 0, 1000000),
    ('game_cooldown_minutes', 0, 10080),
    ('max_games_per_day', 0, 1000),
    ('max_games_per_hour', 0, 1000),
    ('max_nudges_per_week', 0, 100),
    ('min_confidence_auto_save', 0, 1),
    ('nudge_inactive_days', 1, 365),
    ('personalized_question_ratio', 0, 1),
    ('reputation_answer_upvote', 0, 1000),
    ('reputation_doubt_upvote', 0, 1000),
    ('reputation_downvote', -1000, 0),
    ('retention_conversation_days', 1, 36500),
    ('retention_event_log_days', 1, 36500),
    ('reward_entity_hunter', 0, 100000),
    ('reward_intent_quest', 0, 100000),
    ('reward_language_master', 0, 100000),
    ('reward_profile_builder', 0, 100000),
    ('reward_tone_detective', 0, 100000),
    ('streak_freeze_every_days', 1, 365),
    ('streak_max_freezes', 0, 365)
) as r (key, min_value, max_value)
where s.key = r.key;

-- squawk-ignore constraint-missing-not-valid
alter table core.gamification_settings add constraint gamification_settings_range_check check (
    case
        when type <> 'number' then min_value is null and max_value is null
        -- Not a number at all: gamification_settings_value_check refuses it.
        when not core.setting_value_is_valid(type, value) then true
        else min_value is not null and max_value is not null and value::numeric between min_value and max_value
    end
);

alter function core.set_setting(text, text, text) security definer set search_path = pg_catalog, pg_temp;
revoke execute on function core.set_setting(text, text, text) from public;
grant execute on function core.set_setting(text, text, text) to gamedb_app;
comment on function core.set_setting(text, text, text) is
'Changes one existing setting (the application''s only way to); its history row is written by trigger.';
