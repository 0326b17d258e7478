-- Demo data: quests parents built, a psychologist's reviews, the public
-- marketplace with ratings, one child whose parent consents to progress
-- sync and one whose parent does not, recovery tracks and builder sessions.
-- Loading it again does nothing (quest 'demo-brave-boat' marks it).
do $$
declare
    asha bigint := (select id from core.users where php_user_id = 9001);
    ravi bigint := (select id from core.users where php_user_id = 9002);
    meera bigint := (select id from core.users where php_user_id = 9003);
    fatima bigint := (select id from core.users where php_user_id = 9005);
    boat bigint;
    homes bigint;
    cave bigint;
    graph constant jsonb := '{"nodes": [{"id": "start", "label": "Meet the guide"},
        {"id": "feel", "label": "Name the feeling"}, {"id": "reveal", "label": "A message from mum"}],
        "edges": [{"source": "start", "target": "feel"}, {"source": "feel", "target": "reveal"}]}';
begin
    if exists (select 1 from quest.quests where quest_id = 'demo-brave-boat') then
        raise notice 'demo quests already loaded';
        return;
    end if;

    update core.users set mode = 'THERAPEUTIC', parent_name = 'Asha',
        learning_profile = '{"reading_level": "grade 3", "likes": ["boats", "drawing"]}'
    where id = asha;
    update core.users set parent_name = 'Ravi' where id = ravi;

    -- Asha consents to her child's progress being synced; Ravi does not.
    insert into quest.child_privacy_settings (user_id, child_display_name, progress_sync_consent)
    values (asha, 'Mira', true), (ravi, 'Dev', false);

    insert into quest.quests (quest_id, user_id, title, graph_structure, psychological_module, location, age_range,
        moderation_status)
    values ('demo-brave-boat', asha, 'The brave little boat', graph, 'CBT', 'harbour', '7-9', 'pending')
    returning id into boat;
    insert into quest.quests (quest_id, user_id, title, graph_structure, psychological_module, location, age_range,
        moderation_status)
    values ('demo-two-homes', meera, 'Two homes, one heart', graph, 'IFS', 'forest', '10-12', 'pending')
    returning id into homes;
    insert into quest.quests (quest_id, user_id, title, graph_structure, psychological_module, location, age_range)
    values ('demo-calm-cave', meera, 'The calm breathing cave', graph, 'DBT', 'cave', '7-9')
    returning id into cave;

    -- Only a verified psychologist reviews (trigger psychologist_reviews_require_psychologist).
    insert into quest.psychologists (user_id, licence_number, verified_by)
    values (fatima, 'RCI-A-20417', 'demo data');
    insert into quest.psychologist_reviews (quest_id, reviewer_id, emotional_safety_score,
        therapeutic_correctness_score, age_appropriateness_score, reveal_timing_score, strengths, concerns)
    values
    (boat, fatima, 5, 4, 5, 4, 'Gentle pacing, clear feelings vocabulary', null),
    (homes, fatima, 4, 5, 4, 5, 'Validates loyalty to both parents', 'Reveal could come one step later'),
    (cave, fatima, 3, 4, 5, 2, null, 'Reveal comes too early for this age');
    perform quest.decide_review(boat, true, true);
    perform quest.decide_review(homes, true, true);

    insert into quest.quest_ratings (user_id, quest_id, rating, review_text)
    values (ravi, boat, 5, 'My son asked to play it twice'), (meera, boat, 4, null), (asha, homes, 4, null);
    insert into quest.user_quest_library (user_id, quest_id) values (ravi, boat), (ravi, homes);

    insert into quest.quest_progress (user_id, quest_id, current_step, session_count, total_time_minutes,
        last_played_at)
    values (asha, boat, 2, 3, 41.5, now() - interval '1 day');
    update quest.quests set reveal_count = 1, last_reveal_at = now() - interval '20 hours' where id = boat;

    insert into quest.user_tracks (user_id, track_type, current_phase, completion_percentage, total_activities,
        completed_activities, last_activity_at)
    values
    (asha, 'SELF_WORK', 'EXPRESSION', 40, 10, 4, now() - interval '2 days'),
    (asha, 'CHILD_CONNECTION', 'AWARENESS', 10, 10, 1, now() - interval '5 days');

    insert into quest.quest_builder_sessions (user_id, quest_id, conversation_history, current_stage, current_graph,
        quest_context)
    values
    (asha, boat, '[{"role": "assistant", "text": "Tell me about your child"}, {"role": "user", "text": "Mira, 8"}]',
        'quest_ready', graph, '{"child": {"name": "Mira", "age": 8}, "memories": ["sailing with grandpa"]}'),
    (ravi, null, '[{"role": "assistant", "text": "Tell me about your child"}]', 'collecting_info', null,
        '{"child": {"age": 9}}');
end;
$$;
