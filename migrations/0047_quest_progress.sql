-- Seed 002, QuestProgress: a child's progress through a quest, mirrored
-- from inner_edu. Privacy by design: it may only be written while the
-- child's privacy settings grant consent (trigger in 0053), and the sync
-- query reads it only under consent.
-- Seed indexes: unique (user_id, quest_id), last_played_at.

create table quest.quest_progress (
    id bigint generated always as identity,
    user_id bigint not null,
    quest_id bigint not null,
    current_step integer not null default 0,
    completed boolean not null default false,
    session_count integer not null default 0,
    total_time_minutes numeric(10, 2) not null default 0,
    last_played_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint quest_progress_pkey primary key (id),
    constraint quest_progress_user_id_quest_id_key unique (user_id, quest_id),
    constraint quest_progress_user_id_fkey foreign key (user_id) references core.users (id),
    constraint quest_progress_quest_id_fkey foreign key (quest_id) references quest.quests (id),
    constraint quest_progress_counts_check
    check (current_step >= 0 and session_count >= 0 and total_time_minutes >= 0)
);
comment on table quest.quest_progress is
'A child''s progress in one quest (seed 002); written and synced only with consent.';
comment on column quest.quest_progress.user_id is 'The account the child plays under (its privacy settings apply).';
comment on column quest.quest_progress.session_count is 'Play sessions; their sum over a quest is its plays_count.';

create index idx_quest_progress_last_played_at on quest.quest_progress (last_played_at);
create index idx_quest_progress_quest_id on quest.quest_progress (quest_id);

create trigger quest_progress_touch_updated_at
before update on quest.quest_progress
for each row execute function core.touch_updated_at();
