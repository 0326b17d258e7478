-- Seed 002, UserQuestLibrary: quests a user added from the public
-- marketplace, once each (seed: unique (user_id, quest_id)).

create table quest.user_quest_library (
    id bigint generated always as identity,
    user_id bigint not null,
    quest_id bigint not null,
    added_at timestamptz not null default now(),
    constraint user_quest_library_pkey primary key (id),
    constraint user_quest_library_user_id_quest_id_key unique (user_id, quest_id),
    constraint user_quest_library_user_id_fkey foreign key (user_id) references core.users (id),
    constraint user_quest_library_quest_id_fkey foreign key (quest_id) references quest.quests (id)
);
comment on table quest.user_quest_library is 'A public quest a user added to their library (seed 002).';

create index idx_user_quest_library_quest_id on quest.user_quest_library (quest_id);
