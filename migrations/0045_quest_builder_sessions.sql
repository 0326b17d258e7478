-- Seed 002, QuestBuilderSession: the AI conversation in which a parent
-- builds a quest, with its history, stage, the graph being built and the
-- context (child info, memories, preferences).
--
-- current_stage is a closed set, moving forward only (trigger in 0054):
-- greeting -> collecting_info -> clarifying -> generating -> reviewing ->
-- quest_ready. conversation_history is a JSON array, current_graph a quest
-- graph, quest_context an object. Seed index: (user_id, created_at).

create table quest.quest_builder_sessions (
    id bigint generated always as identity,
    user_id bigint not null,
    quest_id bigint,
    conversation_history jsonb not null default '[]',
    current_stage text not null default 'greeting',
    current_graph jsonb,
    quest_context jsonb,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint quest_builder_sessions_pkey primary key (id),
    constraint quest_builder_sessions_user_id_fkey foreign key (user_id) references core.users (id),
    constraint quest_builder_sessions_quest_id_fkey foreign key (quest_id) references quest.quests (id),
    constraint quest_builder_sessions_current_stage_check check (
        current_stage in ('greeting', 'collecting_info', 'clarifying', 'generating', 'reviewing', 'quest_ready')
    ),
    constraint quest_builder_sessions_conversation_history_check
    check (jsonb_typeof(conversation_history) = 'array'),
    constraint quest_builder_sessions_current_graph_check
    check (quest.check_graph_structure(current_graph, 'quest_builder_sessions.current_graph')),
    constraint quest_builder_sessions_quest_context_check
    check (core.check_jsonb_object(quest_context, 'quest_builder_sessions.quest_context'))
);
comment on table quest.quest_builder_sessions is 'An AI quest-building conversation (seed 002); its log.';
comment on column quest.quest_builder_sessions.quest_id is 'The quest the session produced, once quest_ready.';
comment on column quest.quest_builder_sessions.conversation_history is 'Every message of the chat, a JSON array.';
comment on column quest.quest_builder_sessions.current_stage is
'greeting -> collecting_info -> clarifying -> generating -> reviewing -> quest_ready; forward only.';
comment on column quest.quest_builder_sessions.current_graph is 'The quest graph as built so far.';
comment on column quest.quest_builder_sessions.quest_context is 'Child info, memories and preferences gathered.';

create index idx_quest_builder_sessions_user_id_created_at
on quest.quest_builder_sessions (user_id, created_at);
create index idx_quest_builder_sessions_quest_id on quest.quest_builder_sessions (quest_id);

create trigger quest_builder_sessions_touch_updated_at
before update on quest.quest_builder_sessions
for each row execute function core.touch_updated_at();
