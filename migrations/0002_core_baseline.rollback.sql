-- Undo 0002: every object of the core module, by name (the schema itself is
-- 0001's).
-- It drops the module's tables with every row in them: back up first.

drop view core.job_health;
drop view core.table_access_drift;
drop function core.check_i18n_text(jsonb, text);
drop function core.written_table_name(oid);
drop function core.user_may_act(bigint);
drop function core.user_checked_columns();
drop function core.setting_text(text);
drop function core.setting_numeric(text);
drop function core.setting_boolean(text);
drop function core.set_setting(text, text, text);
drop procedure core.run_job(text, text, interval, boolean, text);
drop function core.rows_naming_no_user();
drop function core.partition_bounds(regclass);
drop function core.mask_phone(text);
drop function core.mask_email(text);
drop function core.maintain_partitions(integer);
drop function core.job_window(text);
drop function core.forget_user(bigint);
drop function core.caller_is_owner();
drop procedure core.apply_table_access(regclass);
drop procedure core.apply_table_access();
drop function core.advance_job_watermark(text, boolean);
drop table
core.verification_tokens,
core.users,
core.user_php_ids,
core.user_phones,
core.table_access,
core.partitioned_tables,
core.job_watermarks,
core.job_runs,
core.gamification_settings_history,
core.gamification_settings,
core.event_logs,
core.accounts;
drop function core.touch_updated_at();
drop function core.setting_value_is_valid(text, text);
drop function core.refuse_unknown_users();
drop function core.refuse_change();
drop function core.record_setting_change();
drop function core.log_event();
drop function core.keep_user_keys();
drop function core.guard_event_log();
drop function core.check_jsonb_object(jsonb, text);
