-- Undo 0022: drops the JSONB shape checks. No data is lost.

drop function core.check_i18n_text(jsonb, text);
drop function core.check_jsonb_object(jsonb, text);
