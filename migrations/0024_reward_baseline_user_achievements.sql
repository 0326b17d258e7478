-- Baseline of the `reward` module: UserAchievement, which seed 003 assumes
-- exists (it adds achievementId to it). Until the achievements table of
-- 0029 exists, an unlock names its achievement by a text key.
-- Conventions applied: bigint identity key, timestamptz, snake_case.

create schema reward;
comment on schema reward is
'Achievements and their unlocks, challenges, nudges; later XP and reputation ledgers, badges, streaks.';

create table reward.user_achievements (
    id bigint generated always as identity,
    user_id bigint not null,
    achievement_key text not null,
    unlocked_at timestamptz not null default now(),
    constraint user_achievements_pkey primary key (id),
    constraint user_achievements_user_id_achievement_key_key unique (user_id, achievement_key),
    constraint user_achievements_user_id_fkey foreign key (user_id) references core.users (id)
);
comment on table reward.user_achievements is 'An achievement unlocked by a user, once per achievement.';
comment on column reward.user_achievements.achievement_key is 'The achievement''s stable key, e.g. first_course.';
