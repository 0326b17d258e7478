-- Undo 0109: the constraint goes back to NOT VALID, as 0108 left it (a
-- catalogue change only; no row is checked or changed).

alter table trust.moderation_logs
-- squawk-ignore ban-drop-constraint
drop constraint moderation_logs_action_check,
add constraint moderation_logs_action_check
check (action in ('WARNING', 'SUSPEND', 'BAN', 'SHADOW_BAN', 'RESTORE')) not valid;
