-- Validate the widened settings category check of 0094 (a scan that lets
-- reads and writes through).

alter table core.gamification_settings validate constraint gamification_settings_category_check;
