-- Undo 0100: reviewed flags can be deleted again.

drop trigger abuse_flags_keep_reviewed on trust.abuse_flags;
drop function trust.keep_reviewed_flags();
