-- Undo 0019: removes the 7 seed questions (with the statistics they gathered).
-- Games already played keep their rows; their mission_data still names the id.

delete from play.game_questions
where (game_type, question_text) in (
        ('intent_quest', 'I want to track my order'),
        ('intent_quest', 'Mujhe ek pizza order karna hai'),
        ('intent_quest', 'Please cancel my last order'),
        ('language_master', 'Aap kaise ho?'),
        ('language_master', 'Tumhi kase aahat?'),
        ('tone_detective', 'This is the third time my delivery is late!'),
        ('tone_detective', 'Thank you so much, the food was amazing')
    );
