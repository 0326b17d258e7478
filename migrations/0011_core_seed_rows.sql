-- The seed rows the product ships with: the critical chat flows, the
-- mini-games' starter question bank, the community's badges and their award
-- rules, and the embeddings' locality-sensitive hash directions. (The
-- settings are seeded with the core module, whose functions read them.)

-- chat.flows

insert into chat.flows (
    id,
    name,
    description,
    module,
    trigger,
    version,
    states,
    initial_state,
    final_states,
    context_schema,
    metadata,
    enabled,
    status,
    system_critical
) values
(
    'farewell_v1',
    'Farewell',
    'Closes the conversation',
    'general',
    'farewell',
    '1.0.0',
    '{"done": {}, "start": {"say": "farewell"}}',
    'start',
    '["done"]',
    null,
    '{"seeded_by": "migration 0011", "critical_seed": {"was_enabled": true, "had_metadata": true}}',
    true,
    'active',
    true
),
(
    'greeting_v1',
    'Greeting',
    'Welcomes the user and offers help',
    'general',
    'greeting',
    '1.0.0',
    '{"done": {}, "start": {"say": "greeting"}}',
    'start',
    '["done"]',
    null,
    '{"seeded_by": "migration 0011", "critical_seed": {"was_enabled": true, "had_metadata": true}}',
    true,
    'active',
    true
),
(
    'help_v1',
    'Help',
    'Explains what the assistant can do',
    'general',
    'help',
    '1.0.0',
    '{"done": {}, "start": {"say": "help"}}',
    'start',
    '["done"]',
    null,
    '{"seeded_by": "migration 0011", "critical_seed": {"was_enabled": true, "had_metadata": true}}',
    true,
    'active',
    true
);

-- play.game_questions

insert into play.game_questions (
    game_type,
    question_text,
    question_context,
    correct_answer,
    answer_options,
    difficulty,
    reward_amount,
    context_required,
    tags,
    enabled,
    usage_count,
    success_rate,
    success_count
) values
(
    'intent_quest',
    'I want to track my order',
    null,
    'track_order',
    '["track_order", "cancel_order", "order_food"]',
    'easy',
    null,
    false,
    '{orders,intent:track_order}',
    true,
    0,
    null,
    0
),
(
    'intent_quest',
    'Mujhe ek pizza order karna hai',
    null,
    'order_food',
    '["order_food", "track_order", "help"]',
    'medium',
    null,
    false,
    '{food,hinglish,intent:order_food}',
    true,
    0,
    null,
    0
),
(
    'intent_quest',
    'Please cancel my last order',
    null,
    'cancel_order',
    '["cancel_order", "track_order", "farewell"]',
    'easy',
    null,
    false,
    '{orders,intent:cancel_order}',
    true,
    0,
    null,
    0
),
(
    'language_master',
    'Aap kaise ho?',
    null,
    'hi',
    '["hi", "en", "mr"]',
    'easy',
    null,
    false,
    '{greeting,intent:greeting}',
    true,
    0,
    null,
    0
),
(
    'language_master',
    'Tumhi kase aahat?',
    null,
    'mr',
    '["hi", "mr", "gu"]',
    'medium',
    null,
    false,
    '{greeting,intent:greeting}',
    true,
    0,
    null,
    0
),
(
    'tone_detective',
    'This is the third time my delivery is late!',
    null,
    'angry',
    '["angry", "happy", "neutral", "confused"]',
    'easy',
    null,
    false,
    '{delivery,intent:complaint}',
    true,
    0,
    null,
    0
),
(
    'tone_detective',
    'Thank you so much, the food was amazing',
    null,
    'happy',
    '["angry", "happy", "neutral", "confused"]',
    'easy',
    null,
    false,
    '{feedback,intent:feedback}',
    true,
    0,
    null,
    0
);

-- reward.badges

insert into reward.badges (key, name, description) values
('first_answer', 'First answer', 'Answered a doubt for the first time'),
('helpful', 'Helpful', 'Three answers accepted'),
('trusted', 'Trusted', 'Trust score of 0.7 or more; lost when it falls below');

-- reward.award_rules

-- Each rule grants the badge of its own key: found by key, as the badges' ids are the sequence's.
insert into reward.award_rules (key, badge_id, query, revocable, enabled, version, description, triggered_by)
select
    r.key,
    b.id,
    r.query,
    r.revocable,
    true as enabled,
    1 as version,
    r.description,
    r.triggered_by
from (
    values
    (
        'first_answer',
        'select a.author_id as user_id from community.answers as a',
        false,
        'Anyone who has written an answer',
        array['answer.created']
    ),
    (
        'helpful',
        'select a.author_id as user_id from community.answers as a where a.is_accepted group by a.author_id having '
        'count(*) >= 3',
        false,
        'Three or more accepted answers',
        array['answer.accepted']
    ),
    (
        'trusted',
        'select t.user_id from trust.trust_scores as t where t.score >= 0.7',
        true,
        'Trust score of 0.7 or more',
        array['trust.score_changed']
    )
) as r (key, query, revocable, description, triggered_by)
inner join reward.badges as b on r.key = b.key;

-- trust.lsh_hyperplanes: the embeddings' locality-sensitive hash directions, drawn once from a fixed seed

-- The seed is set, then the draws made, in one statement that returns no row to print.
do $$
begin
    perform setseed(0.384);
    insert into trust.lsh_hyperplanes (band, sign_bit, direction)
    select
        p.n / 12 as band,
        p.n % 12 as sign_bit,
        array_agg((sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))::real order by d.i) as direction
    from generate_series(0, 191) as p (n)
    cross join generate_series(1, 384) as d (i)
    group by p.n
    order by p.n;
end;
$$;
