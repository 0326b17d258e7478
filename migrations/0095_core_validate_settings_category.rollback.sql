-- Undo 0095: back to the NOT VALID check 0094 added. No data is lost.

alter table core.gamification_settings
drop constraint gamification_settings_category_check,
add constraint gamification_settings_category_check
check (category in ('rewards', 'limits', 'gameplay', 'training', 'nudges', 'retention')) not valid;
