-- Undo 0102: set_setting runs as its caller again and anyone may call it;
-- the ranges are dropped with their check.

comment on function core.set_setting(text, text, text) is
'Changes one existing setting; its history row is written by trigger.';
-- Back to the default privileges in their default order (PUBLIC, then the owner).
revoke execute on function core.set_setting(text, text, text) from gamedb_app, gamedb_owner;
grant execute on function core.set_setting(text, text, text) to public;
grant execute on function core.set_setting(text, text, text) to gamedb_owner;
alter function core.set_setting(text, text, text) security invoker reset search_path;

alter table core.gamification_settings drop constraint gamification_settings_range_check;
alter table core.gamification_settings
drop column max_value,
drop column min_value;
