-- Undo 0037: back to the four categories. The old check is added validated,
-- as it was: settings is a small table, so the scan is short. It fails if a
-- 'nudges' setting still exists (0039's rollback removes them first).

comment on column core.gamification_settings.category is 'Closed set: rewards, limits, gameplay, training.';

alter table core.gamification_settings
drop constraint gamification_settings_category_check,
add constraint gamification_settings_category_check
check (category in ('rewards', 'limits', 'gameplay', 'training'));
