-- Baseline of the `play` module: game_sessions as seed 001 audits it.
--
-- The table exists (empty, its code archived) and is reused. Conventions
-- applied: bigint identity id, user_id bigint to match core.users.id,
-- timestamptz for the three times (the seed's timestamp loses the offset).
-- NOT NULL where the seed says so and where it gives a default: the default
-- already says what "nothing given" means, so NULL would be a second spelling.
-- The foreign key to core.users and the closed sets come in later
-- migrations, as they would reach a live table.

create schema play;
comment on schema play is 'Mini-games: game sessions, the question bank, reward crediting to the wallet.';

create table play.game_sessions (
    id bigint generated always as identity,
    session_id varchar(100) not null,
    user_id bigint not null,
    game_type varchar(50) not null,
    difficulty varchar(20) not null default 'medium',
    language varchar(10) not null default 'en',
    mission_id varchar(100),
    mission_data jsonb,
    status varchar(20) not null default 'active',
    score integer not null default 0,
    completion_time_seconds integer,
    rewards_earned jsonb,
    started_at timestamptz not null default now(),
    completed_at timestamptz,
    updated_at timestamptz not null default now(),
    constraint game_sessions_pkey primary key (id)
);
comment on table play.game_sessions is 'One game played by one user (seed 001: reused; seed 000 adds reward tracking).';
comment on column play.game_sessions.session_id is 'The chat session the game was played in.';
comment on column play.game_sessions.game_type is
'Which mini-game: intent_quest, language_master, tone_detective, entity_hunter, profile_builder.';
comment on column play.game_sessions.mission_id is 'The mission or question played, as the game engine names it.';
comment on column play.game_sessions.mission_data is
'What the game needs to finish: e.g. {"question_id": 3} for a question-bank game.';
comment on column play.game_sessions.completion_time_seconds is 'Seconds from start to the final answer.';
comment on column play.game_sessions.rewards_earned is
'What the game earned: {"amount": 15.00, "currency": "INR"}; amount 0 when nothing is due.';

create trigger game_sessions_touch_updated_at
before update on play.game_sessions
for each row execute function core.touch_updated_at();
