-- Undo 0038: back to the NOT VALID state 0037 left. No data is lost.

alter table core.gamification_settings
drop constraint gamification_settings_category_check,
add constraint gamification_settings_category_check
check (category in ('rewards', 'limits', 'gameplay', 'training', 'nudges')) not valid;
