-- Rule: a quest builder session moves forward only, through
-- greeting -> collecting_info -> clarifying -> generating -> reviewing -> quest_ready
-- (it may stay, or skip ahead; it never goes back). A CHECK sees only the
-- new row, so a trigger compares it with the old one.

create function quest.enforce_builder_stage_order() returns trigger
language plpgsql as $$
declare
    stages constant text[] := array[
        'greeting', 'collecting_info', 'clarifying', 'generating', 'reviewing', 'quest_ready'
    ];
begin
    if array_position(stages, new.current_stage) < array_position(stages, old.current_stage) then
        raise exception 'builder session % cannot go back from % to %', old.id, old.current_stage, new.current_stage
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;
comment on function quest.enforce_builder_stage_order() is
'BEFORE UPDATE on quest.quest_builder_sessions: current_stage only moves forward.';

create trigger quest_builder_sessions_stage_order
before update of current_stage on quest.quest_builder_sessions
for each row execute function quest.enforce_builder_stage_order();
