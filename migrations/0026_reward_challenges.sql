-- Seed 003, I007 multi-user challenges: Challenge and ChallengeParticipant.
--
-- The seed's Prisma model: id, title, description (Json, I18N_TEXT),
-- targetAmount, startDate, endDate, createdById, createdAt, updatedAt.
-- Conventions applied: bigint identity keys (the seed's uuid ids were not
-- public handles), timestamptz, created_by_id a real foreign key.
-- Rules the seed left to the application: the description is I18N text,
-- the target is positive, the end comes after the start, a user joins a
-- challenge once, and progress is never negative.

create table reward.challenges (
    id bigint generated always as identity,
    title text not null,
    description jsonb not null,
    target_amount integer not null,
    start_date timestamptz not null,
    end_date timestamptz not null,
    created_by_id bigint not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint challenges_pkey primary key (id),
    constraint challenges_created_by_id_fkey foreign key (created_by_id) references core.users (id),
    constraint challenges_description_check check (core.check_i18n_text(description, 'challenges.description')),
    constraint challenges_target_amount_check check (target_amount > 0),
    constraint challenges_dates_check check (end_date > start_date)
);
comment on table reward.challenges is
'A challenge many users join, to reach target_amount between two dates (seed 003, I007).';
comment on column reward.challenges.description is 'I18N text: {"en": "...", "vi": "..."}.';
comment on column reward.challenges.target_amount is 'Progress a participant needs to complete the challenge.';

create index idx_challenges_created_by_id on reward.challenges (created_by_id);

create trigger challenges_touch_updated_at
before update on reward.challenges
for each row execute function core.touch_updated_at();

create table reward.challenge_participants (
    id bigint generated always as identity,
    challenge_id bigint not null,
    user_id bigint not null,
    progress integer not null default 0,
    joined_at timestamptz not null default now(),
    completed_at timestamptz,
    constraint challenge_participants_pkey primary key (id),
    constraint challenge_participants_challenge_id_user_id_key unique (challenge_id, user_id),
    constraint challenge_participants_challenge_id_fkey foreign key (challenge_id) references reward.challenges (id),
    constraint challenge_participants_user_id_fkey foreign key (user_id) references core.users (id),
    constraint challenge_participants_progress_check check (progress >= 0)
);
comment on table reward.challenge_participants is 'A user taking part in a challenge, once per challenge.';
comment on column reward.challenge_participants.progress is 'Amount reached so far; never negative.';
comment on column reward.challenge_participants.completed_at is 'When progress first reached the target.';

create index idx_challenge_participants_user_id on reward.challenge_participants (user_id);
create index idx_challenge_participants_leaderboard
on reward.challenge_participants (challenge_id, progress desc, joined_at);
