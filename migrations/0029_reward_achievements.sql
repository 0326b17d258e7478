-- Seed 003, Achievement: the achievement definitions, one table for the
-- whole product (the community module extends it with its own columns),
-- and UserAchievement.achievementId linking an unlock to its definition.
--
-- description is I18N text, checked in the database. The seed's TEXT
-- achievementId becomes a bigint foreign key. user_achievements is a live
-- table: the column is nullable, the foreign key is added NOT VALID (no
-- scan) and validated by 0030; its index is built CONCURRENTLY by 0031.
-- Unlocks written before this migration keep their achievement_key.

create table reward.achievements (
    id bigint generated always as identity,
    key text not null,
    name text not null,
    description jsonb not null,
    category text not null default 'general',
    points integer not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint achievements_pkey primary key (id),
    constraint achievements_key_key unique (key),
    constraint achievements_description_check
    check (core.check_i18n_text(description, 'achievements.description')),
    constraint achievements_points_check check (points >= 0)
);
comment on table reward.achievements is
'Achievement definitions for the whole product (seed 003 Achievement; extended by the community module).';
comment on column reward.achievements.key is 'Stable key code refers to, e.g. first_certificate.';
comment on column reward.achievements.description is 'I18N text: {"en": "...", "vi": "..."}.';
comment on column reward.achievements.points is 'Points the achievement is worth when unlocked.';

create trigger achievements_touch_updated_at
before update on reward.achievements
for each row execute function core.touch_updated_at();

alter table reward.user_achievements add column achievement_id bigint;

alter table reward.user_achievements
add constraint user_achievements_achievement_id_fkey
foreign key (achievement_id) references reward.achievements (id) not valid;

comment on column reward.user_achievements.achievement_id is
'The unlocked achievement (seed 003 achievementId); NULL only for unlocks older than the achievements table.';
