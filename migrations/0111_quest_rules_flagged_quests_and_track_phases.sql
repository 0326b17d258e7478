-- Two quest rules that held only in application code (seed 002):
--
--   * A public quest that moderation flags (or rejects) leaves the
--     marketplace in the same statement: a BEFORE trigger clears is_public
--     when moderation_status changes to anything but 'approved' (publishing
--     an unapproved quest stays refused by its checks). Before this, a flagged
--     quest stayed public and the marketplace_only_approved invariant broke
--     until someone fixed it by hand.
--   * A recovery track's phase only moves forward, AWARENESS -> EXPRESSION
--     -> ACTION -> MASTERY (the seed's order); a move back is refused. Before
--     this it was silently accepted.
-- Both apply to every writer. Trigger names sort after the existing
-- BEFORE triggers of those tables, which do not read these columns.

create function quest.unpublish_unapproved() returns trigger
language plpgsql as $$
begin
    if new.moderation_status <> 'approved' and new.moderation_status is distinct from old.moderation_status then
        new.is_public := false;
    end if;
    return new;
end;
$$;
comment on function quest.unpublish_unapproved() is
'BEFORE UPDATE OF moderation_status on quest.quests: a quest that leaves approved moderation stops being public.';

create trigger quests_unpublish_unapproved
before update of moderation_status on quest.quests
for each row execute function quest.unpublish_unapproved();

create function quest.keep_track_phase_forward() returns trigger
language plpgsql as $$
declare
    phases constant text [] := array['AWARENESS', 'EXPRESSION', 'ACTION', 'MASTERY'];
begin
    if array_position(phases, new.current_phase) < array_position(phases, old.current_phase) then
        raise exception 'recovery track % of user % cannot move back from % to %',
            old.track_type, old.user_id, old.current_phase, new.current_phase
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;
comment on function quest.keep_track_phase_forward() is
'BEFORE UPDATE on quest.user_tracks: current_phase moves only forward (AWARENESS, EXPRESSION, ACTION, MASTERY).';

create trigger user_tracks_phase_forward
before update of current_phase on quest.user_tracks
for each row execute function quest.keep_track_phase_forward();
