-- Demo data: a handful of players, their chats and games, played through
-- the same game functions the application uses. Never part of `migrate`.
-- Loading it again does nothing (the demo players are recognised by their
-- PHP ids 9001..9006).
do $$
declare
    player record;
    game_id bigint;
    question_id bigint;
    answer text;
    round_number integer;
begin
    if exists (select 1 from core.users where php_user_id between 9001 and 9006) then
        raise notice 'demo data already loaded';
        return;
    end if;

    insert into core.users (php_user_id, phone, email, first_name, last_name, preferred_language, interests)
    values
    (9001, '+919800000001', 'asha@example.com', 'Asha', 'Patil', 'mr', '["cricket", "cooking"]'),
    (9002, '+919800000002', 'ravi@example.com', 'Ravi', 'Kumar', 'hi', '["movies"]'),
    (9003, '+919800000003', 'meera@example.com', 'Meera', 'Iyer', 'en', '["music", "travel"]'),
    (9004, '+919800000004', null, 'Arjun', 'Singh', 'hi', null),
    (9005, '+919800000005', 'fatima@example.com', 'Fatima', 'Shaikh', 'en', '["books"]'),
    (9006, '+919800000006', null, 'Kiran', 'Rao', 'en', null);

    -- Three players have chatted before: they can get personalised questions.
    insert into chat.conversation_memory (user_id, role, content, turn_number, session_id)
    select u.id, t.role, t.content, t.turn_number, 'demo-chat-' || u.php_user_id
    from core.users as u
    cross join (values
        ('user', 'Where is my biryani order?', 1),
        ('assistant', 'It left the restaurant 10 minutes ago.', 2)
    ) as t (role, content, turn_number)
    where u.php_user_id in (9001, 9002, 9003);

    -- Personalised questions, built from what players really wrote.
    insert into play.game_questions
    (game_type, question_text, question_context, correct_answer, answer_options, context_required, tags)
    values
    ('intent_quest', 'Where is my biryani order?', 'From your chat yesterday', 'track_order',
        '["track_order", "order_food", "cancel_order"]', true, array['personalised', 'intent:track_order']),
    ('intent_quest', 'Book the same thali as last Friday', 'From your chat last week', 'order_food',
        '["order_food", "track_order", "help"]', true, array['personalised', 'intent:order_food']);

    -- Conversation logs with NLU results, some confident enough to harvest.
    insert into chat.conversation_logs (
        user_id, session_id, phone_number, channel, user_message, bot_response,
        nlu_intent, nlu_confidence, nlu_language, nlu_tone, nlu_provider, routed_to, response_time_ms
    )
    select
        u.id, 'demo-chat-' || u.php_user_id, u.phone, 'whatsapp', m.message, m.reply,
        m.intent, m.confidence, m.language, m.tone, 'indicbert', 'flow', 180 + 20 * m.n
    from core.users as u
    cross join (values
        (1, 'Mera order kahan hai?', 'Aapka order raste mein hai.', 'track_order', 0.97, 'hi', 'neutral'),
        (2, 'Cancel it, too late now', 'Order cancelled.', 'cancel_order', 0.91, 'en', 'angry'),
        (3, 'hmm ok', 'Anything else?', 'unknown', 0.42, 'en', 'neutral'),
        (4, 'Thank you!', 'Happy to help!', 'farewell', 0.88, 'en', 'happy')
    ) as m (n, message, reply, intent, confidence, language, tone)
    where u.php_user_id between 9001 and 9004;

    -- Each player plays a few rounds; some answers are wrong.
    for player in select id, php_user_id from core.users where php_user_id between 9001 and 9006 order by id loop
        for round_number in 1..(2 + player.php_user_id % 3) loop
            select q.id into question_id
            from play.game_questions as q
            where q.game_type = (array['intent_quest', 'language_master', 'tone_detective'])[1 + round_number % 3]
            order by q.usage_count, q.id
            limit 1;
            select g.id into game_id
            from play.start_game(
                player.id, (select game_type from play.game_questions where id = question_id),
                'demo-game-' || player.php_user_id, question_id
            ) as g;
            select case when (player.php_user_id + round_number) % 4 = 0 then 'wrong answer' else correct_answer end
            into answer
            from play.game_questions where id = question_id;
            perform play.complete_game(game_id, answer, (5 + (player.php_user_id + round_number) % 40)::integer);
        end loop;
    end loop;

    -- The wallet has answered for some rewards: credited, and one failure.
    perform play.record_reward_result(s.id, 'credited', 'WTX-DEMO-' || s.id)
    from play.game_sessions as s
    where s.reward_status = 'pending' and s.id % 3 <> 0;
    perform play.record_reward_result(
        (select min(id) from play.game_sessions where reward_status = 'pending'), 'failed'
    );

    -- A reviewer has approved the game samples so far.
    update chat.training_samples
    set review_status = 'approved', approved = true, approved_by = 'demo reviewer', approved_at = now()
    where source = 'game';
end;
$$;
