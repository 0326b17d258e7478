-- Undo 0011: exactly the rows 0011 added.

delete from trust.lsh_hyperplanes;
-- A rule's versions go with it (on delete cascade).
delete from reward.award_rules
where key in ('first_answer', 'helpful', 'trusted');
delete from reward.badges
where key in ('first_answer', 'helpful', 'trusted');
delete from play.game_questions
where (game_type, question_text) in (
        values
        ('intent_quest', 'I want to track my order'),
        ('intent_quest', 'Mujhe ek pizza order karna hai'),
        ('intent_quest', 'Please cancel my last order'),
        ('language_master', 'Aap kaise ho?'),
        ('language_master', 'Tumhi kase aahat?'),
        ('tone_detective', 'This is the third time my delivery is late!'),
        ('tone_detective', 'Thank you so much, the food was amazing')
    );
-- A critical flow cannot be deleted: the owner (this migration) unmarks it first.
update chat.flows set system_critical = false
where id in ('farewell_v1', 'greeting_v1', 'help_v1');
delete from chat.flows
where id in ('farewell_v1', 'greeting_v1', 'help_v1');
