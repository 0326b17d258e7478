-- A builder session becomes a quest in one step (seed 002: the AI quest
-- builder ends at 'quest_ready' with the generated graph).
--
-- quest.publish_builder_session(session, quest key, title) creates the
-- quest from the session's graph, owned by the session's user, and links
-- the session to it, in one transaction. It refuses a session that has not
-- reached 'quest_ready', has no graph, or was published already. The quest
-- starts private and unreviewed: the marketplace rules (psychologist
-- review, moderation) apply to it like any other.

create function quest.publish_builder_session(p_session_id bigint, p_quest_key text, p_title text)
returns setof quest.quests
language plpgsql as $$
declare
    session quest.quest_builder_sessions;
    created quest.quests;
begin
    select * into session from quest.quest_builder_sessions as s where s.id = p_session_id for update;
    if not found then
        raise exception 'no builder session %', p_session_id using errcode = 'no_data_found';
    end if;
    if session.quest_id is not null then
        raise exception 'builder session % was already published as quest %', p_session_id, session.quest_id
            using errcode = 'check_violation';
    end if;
    if session.current_stage is distinct from 'quest_ready' or session.current_graph is null then
        raise exception 'builder session % is not ready (stage %, graph %)', p_session_id, session.current_stage,
            case when session.current_graph is null then 'missing' else 'present' end
            using errcode = 'check_violation';
    end if;
    insert into quest.quests (quest_id, user_id, title, graph_structure)
    values (p_quest_key, session.user_id, p_title, session.current_graph)
    returning * into created;
    update quest.quest_builder_sessions as s set quest_id = created.id where s.id = p_session_id;
    return next created;
end;
$$;
comment on function quest.publish_builder_session(bigint, text, text) is
'Creates the quest a builder session generated (stage quest_ready, with a graph) and links the session to it.';
