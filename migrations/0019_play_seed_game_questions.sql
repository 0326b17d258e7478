-- Seed data: the 7 general questions of seed 000 (intent_quest 3,
-- language_master 2, tone_detective 2), which replace the questions that
-- were hard-coded in the game controller.
--
-- Each question's text is a message a user could send; the player labels
-- it (its intent, its language, its tone). Idempotent on the question's
-- unique key (game_type, question_text).

insert into play.game_questions
(game_type, question_text, correct_answer, answer_options, difficulty, tags)
values
(
    'intent_quest', 'I want to track my order', 'track_order',
    '["track_order", "cancel_order", "order_food"]', 'easy', array['orders', 'intent:track_order']
),
(
    'intent_quest', 'Mujhe ek pizza order karna hai', 'order_food',
    '["order_food", "track_order", "help"]', 'medium', array['food', 'hinglish', 'intent:order_food']
),
(
    'intent_quest', 'Please cancel my last order', 'cancel_order',
    '["cancel_order", "track_order", "farewell"]', 'easy', array['orders', 'intent:cancel_order']
),
(
    'language_master', 'Aap kaise ho?', 'hi',
    '["hi", "en", "mr"]', 'easy', array['greeting', 'intent:greeting']
),
(
    'language_master', 'Tumhi kase aahat?', 'mr',
    '["hi", "mr", "gu"]', 'medium', array['greeting', 'intent:greeting']
),
(
    'tone_detective', 'This is the third time my delivery is late!', 'angry',
    '["angry", "happy", "neutral", "confused"]', 'easy', array['delivery', 'intent:complaint']
),
(
    'tone_detective', 'Thank you so much, the food was amazing', 'happy',
    '["angry", "happy", "neutral", "confused"]', 'easy', array['feedback', 'intent:feedback']
)
on conflict (game_type, question_text) do nothing;
