-- Seed 002, QuestRating: marketplace ratings, 1..5 stars with an optional
-- review, one per user per quest (seed: unique (user_id, quest_id)).
-- quests.rating is their average, kept true by trigger (0052).

create table quest.quest_ratings (
    id bigint generated always as identity,
    user_id bigint not null,
    quest_id bigint not null,
    rating integer not null,
    review_text text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint quest_ratings_pkey primary key (id),
    constraint quest_ratings_user_id_quest_id_key unique (user_id, quest_id),
    constraint quest_ratings_user_id_fkey foreign key (user_id) references core.users (id),
    constraint quest_ratings_quest_id_fkey foreign key (quest_id) references quest.quests (id),
    constraint quest_ratings_rating_check check (rating between 1 and 5)
);
comment on table quest.quest_ratings is 'A user''s 1..5 star rating of a quest, once per quest (seed 002).';

create index idx_quest_ratings_quest_id on quest.quest_ratings (quest_id);

create trigger quest_ratings_touch_updated_at
before update on quest.quest_ratings
for each row execute function core.touch_updated_at();
