-- Validate the widened category check of 0037.

alter table core.gamification_settings validate constraint gamification_settings_category_check;
