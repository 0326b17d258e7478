-- Retention settings, read by the apply_retention cron query:
--   retention_conversation_days  conversation logs and conversation memory
--                                older than this are removed;
--   retention_event_log_days     processed event-log rows older than this
--                                are removed (unprocessed ones never).
-- They get a category of their own: the closed category set is widened by
-- replacing its check with a wider one, NOT VALID (every row passes the old
-- one, so the swap holds its lock only for a moment); 0095 validates it.
-- Idempotent: an existing key keeps its value.

alter table core.gamification_settings
-- squawk-ignore ban-drop-constraint
drop constraint gamification_settings_category_check,
add constraint gamification_settings_category_check
check (category in ('rewards', 'limits', 'gameplay', 'training', 'nudges', 'retention')) not valid;
comment on column core.gamification_settings.category is
'Closed set: rewards, limits, gameplay, training, nudges, retention.';

insert into core.gamification_settings (key, value, type, description, category, updated_by)
values
(
    'retention_conversation_days', '365', 'number',
    'Conversation logs and memory older than this many days are removed (apply_retention)', 'retention',
    'migration 0094'
),
(
    'retention_event_log_days', '30', 'number',
    'Processed event-log rows older than this many days are removed (apply_retention)', 'retention',
    'migration 0094'
)
on conflict (key) do nothing;
