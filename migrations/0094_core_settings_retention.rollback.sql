-- Undo 0094: removes the retention settings (their history stays) and
-- narrows the category set back to the validated check 0038 left.

delete from core.gamification_settings
where key in ('retention_conversation_days', 'retention_event_log_days');
comment on column core.gamification_settings.category is 'Closed set: rewards, limits, gameplay, training, nudges.';
alter table core.gamification_settings
drop constraint gamification_settings_category_check,
add constraint gamification_settings_category_check
check (category in ('rewards', 'limits', 'gameplay', 'training', 'nudges'));
