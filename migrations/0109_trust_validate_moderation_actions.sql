-- Validates the widened moderation action set of 0108. VALIDATE takes only
-- a SHARE UPDATE EXCLUSIVE lock: writers of the log go on meanwhile.

alter table trust.moderation_logs validate constraint moderation_logs_action_check;
