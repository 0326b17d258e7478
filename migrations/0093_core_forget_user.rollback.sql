-- Undo 0093: no forget_user function, and no record of when users were
-- forgotten (their data stays erased).

drop function core.forget_user(bigint);
alter table core.users drop column forgotten_at;
