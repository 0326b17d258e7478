-- Undo 0004: drops the settings table, its history and their functions.
-- Loses every setting value and the whole change history.

drop function core.set_setting(text, text, text);
drop function core.setting_boolean(text);
drop function core.setting_numeric(text);
drop function core.setting_text(text);
drop table core.gamification_settings_history;
drop function core.refuse_change();
drop table core.gamification_settings;
drop function core.record_setting_change();
drop function core.setting_value_is_valid(text, text);
