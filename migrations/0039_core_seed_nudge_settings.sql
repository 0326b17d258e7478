-- Seed data: the settings of the nudge loop (seed 003, I010).
--   nudge_inactive_days    a user inactive this many days gets an inactivity nudge;
--   max_nudges_per_week    no user gets more nudges than this in 7 days;
--   nudge_inactive_message the message, I18N text; the user's preferred
--                          language is used, English when it is missing.
-- Idempotent: an existing key keeps its value.

insert into core.gamification_settings (key, value, type, description, category, updated_by)
values
(
    'nudge_inactive_days', '3', 'number', 'Days without activity after which a user gets an inactivity nudge',
    'nudges', 'migration 0039'
),
(
    'max_nudges_per_week', '2', 'number', 'Most nudges one user receives in any 7 days', 'nudges',
    'migration 0039'
),
(
    'nudge_inactive_message',
    '{"en": "We miss you! Your next lesson takes 5 minutes.",'
    || ' "vi": "Chúng tôi nhớ bạn! Bài học tiếp theo chỉ mất 5 phút.",'
    || ' "hi": "हम आपको याद कर रहे हैं! अगला पाठ सिर्फ़ 5 मिनट का है।"}',
    'json', 'Inactivity nudge text per language (I18N)', 'nudges', 'migration 0039'
)
on conflict (key) do nothing;
