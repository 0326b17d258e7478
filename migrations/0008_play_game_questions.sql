-- Seed 000, new table 2: game_questions, the question bank that replaces
-- the questions hard-coded in the game controller.
--
-- Every column and both indexes of the seed, same names. Conventions
-- applied: bigint identity id, timestamptz times, reward_amount in
-- DESIGN.md's money type numeric(12,2) (seed: decimal(10,2)).
-- Beyond the seed: game_type and difficulty are closed sets; a question is
-- unique within its game type (the seed migration inserts with ON CONFLICT
-- on that key); answer_options, when given, is a JSON array; counters and
-- amounts are never negative and success_rate lies in 0..1.
-- success_count (games answered correctly) is added so success_rate is
-- exactly success_count / usage_count, not a running average that drifts.
-- tags may carry the intent of the question's text as 'intent:<label>': a
-- won language or tone game turns the text into a training sample, and a
-- training sample needs an intent.

create table play.game_questions (
    id bigint generated always as identity,
    game_type varchar(50) not null,
    question_text text not null,
    question_context text,
    correct_answer text not null,
    answer_options jsonb,
    difficulty varchar(20) not null default 'medium',
    reward_amount numeric(12, 2),
    context_required boolean not null default false,
    tags text[],
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    enabled boolean not null default true,
    usage_count integer not null default 0,
    success_rate numeric(5, 4),
    success_count integer not null default 0,
    constraint game_questions_pkey primary key (id),
    constraint game_questions_game_type_question_text_key unique (game_type, question_text),
    constraint game_questions_game_type_check check (
        game_type in ('intent_quest', 'language_master', 'tone_detective', 'entity_hunter', 'profile_builder')
    ),
    constraint game_questions_difficulty_check check (difficulty in ('easy', 'medium', 'hard')),
    constraint game_questions_answer_options_check check (jsonb_typeof(answer_options) = 'array'),
    constraint game_questions_amounts_check check (
        reward_amount >= 0 and usage_count >= 0 and success_rate between 0 and 1
        and success_count between 0 and usage_count
    )
);
comment on table play.game_questions is 'Question bank for the mini-games, general and personalised (seed 000).';
comment on column play.game_questions.question_context is 'Extra context shown with the question.';
comment on column play.game_questions.answer_options is 'Choices offered to the player, a JSON array.';
comment on column play.game_questions.reward_amount is
'Reward in rupees; NULL means the game type''s setting reward_<game_type>.';
comment on column play.game_questions.context_required is
'A personalised question: needs the user''s conversation context.';
comment on column play.game_questions.usage_count is 'Derived: completed games that used the question.';
comment on column play.game_questions.success_rate is
'Derived: success_count / usage_count, rounded to 4 places; NULL until first used.';
comment on column play.game_questions.success_count is 'Derived: completed games that answered correctly.';
comment on column play.game_questions.tags is
'Free labels; ''intent:<label>'' names the intent of question_text for training samples.';

create index idx_game_questions_type on play.game_questions (game_type);
create index idx_game_questions_enabled on play.game_questions (enabled);

create trigger game_questions_touch_updated_at
before update on play.game_questions
for each row execute function core.touch_updated_at();
