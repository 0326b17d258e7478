-- A moderator's decision on an abuse flag is permanent.
--
-- 0085 made a review final against UPDATE, but a flag could still be
-- deleted: its evidence went with it (cascade), and the next detect_abuse
-- raised the same finding again as PENDING, undoing a FALSE_POSITIVE
-- decision. Now a reviewed flag (CONFIRMED or FALSE_POSITIVE) cannot be
-- deleted by anyone but the owner role; so its row stays, and detect_abuse,
-- which writes one flag per (type, user, detector key) and never touches a
-- reviewed one, respects the decision on every rerun. The owner may still
-- delete (a DBA's correction, or a migration).
--
-- The evidence of a reviewed flag was already final (0085); with the flag
-- kept, no cascade can take it either. 0105 takes DELETE on both tables
-- from the application.

create function trust.keep_reviewed_flags() returns trigger
language plpgsql as $$
begin
    if old.status <> 'PENDING' and not core.caller_is_owner() then
        raise exception 'abuse flag % was reviewed (%): a decided flag is permanent', old.id, old.status
            using errcode = 'restrict_violation';
    end if;
    return old;
end;
$$;
comment on function trust.keep_reviewed_flags() is
'BEFORE DELETE on trust.abuse_flags: a reviewed flag is kept (only the owner role may delete one).';

create trigger abuse_flags_keep_reviewed
before delete on trust.abuse_flags
for each row execute function trust.keep_reviewed_flags();
