-- Baseline of the `core` module: the people table every module shares.
--
-- Seed 001 audits `users` as an existing, active table and decides to reuse
-- it ("already has gamification fields"). This migration creates it as the
-- audit lists it, with DESIGN.md's conventions where they improve on it:
--   * id: bigint identity instead of SERIAL (no 2^31 ceiling, no sequence
--     to grant separately);
--   * times: timestamptz instead of timestamp (the seed's servers run in
--     several time zones; a bare timestamp loses the offset);
--   * total_rewards_earned: numeric(12,2), DESIGN.md's money type, instead of
--     the seed's decimal(10,2);
--   * counters are NOT NULL: they are derived totals, never "unknown".
-- NOT NULL where the seed says so and where it gives a default: the default
-- already says what "nothing given" means, so NULL would be a second spelling.
-- Also here: the shared trigger function that keeps updated_at true.

create schema core;
comment on schema core is
'Shared identity (one row per person), typed settings with history, shared functions.';

create function core.touch_updated_at() returns trigger
language plpgsql as $$
begin
    -- Keep updated_at true without trusting every caller to set it.
    new.updated_at := now();
    return new;
end;
$$;
comment on function core.touch_updated_at() is
'BEFORE UPDATE trigger: stamps updated_at with the transaction time.';

create table core.users (
    id bigint generated always as identity,
    php_user_id bigint,
    phone varchar(20),
    email varchar(255),
    first_name varchar(100),
    last_name varchar(100),
    preferred_language varchar(10) not null default 'en',
    preferences jsonb,
    interests jsonb,
    total_games_played integer not null default 0,
    total_rewards_earned numeric(12, 2) not null default 0,
    loyalty_points integer not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    last_active_at timestamptz,
    constraint users_pkey primary key (id),
    constraint users_php_user_id_key unique (php_user_id),
    constraint users_phone_key unique (phone)
);

comment on table core.users is
'One row per person, shared by every module (seed 001: reused, it already tracks games and rewards).';
comment on column core.users.php_user_id is 'The user''s id in the PHP backend (wallet, accounts).';
comment on column core.users.phone is 'Phone number as the chat channel reports it; unique per person.';
comment on column core.users.preferred_language is 'Language code for messages and games (seed 001 default: en).';
comment on column core.users.preferences is 'Personalisation preferences (seed 001: jsonb, free form).';
comment on column core.users.interests is 'Interests gathered by user profiling (seed 001: jsonb).';
comment on column core.users.total_games_played is
'Derived: completed game sessions of this user. Recomputable from play.game_sessions.';
comment on column core.users.total_rewards_earned is
'Derived: rewards credited to the wallet, in rupees. Recomputable from play.game_sessions.';
comment on column core.users.loyalty_points is 'Loyalty points (seed 001: already exists).';
comment on column core.users.last_active_at is 'Last time the person did anything; drives nudges.';

create trigger users_touch_updated_at
before update on core.users
for each row execute function core.touch_updated_at();
