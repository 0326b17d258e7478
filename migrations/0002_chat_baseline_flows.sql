-- Baseline of the `chat` module: the tables seed 001 audits as existing.
--
-- flows (the conversation flow definitions), flow_runs (active executions)
-- and conversation_memory (turn-by-turn history). Seed 001 keeps all three
-- as they are; the Label Studio tables it lists stay out of gamedb, as the
-- seed decides ("completely separate system").
--
-- Conventions applied (DESIGN.md): timestamptz for every time, bigint
-- identity for conversation_memory.id. flows.id stays text: flow ids are
-- names such as 'greeting_v1' that code refers to. flow_runs.id stays uuid:
-- it is handed to the flow engine as a public handle. Columns the seed
-- writes in camelCase (initialState, finalStates, contextSchema) are
-- snake_case here.
-- NOT NULL where the seed says so and where it gives a default: the default
-- already says what "nothing given" means, so NULL would be a second spelling.
-- Rules on these tables (closed sets, foreign keys) come in later
-- migrations, the way they would reach a live database.

create schema chat;
comment on schema chat is
'Chat assistant: flows, flow runs, conversation memory and logs, NLU training samples.';

create table chat.flows (
    id text not null,
    name text,
    description text,
    module text not null default 'general',
    trigger text,
    version text not null default '1.0.0',
    states jsonb,
    initial_state text,
    final_states jsonb,
    context_schema jsonb,
    metadata jsonb,
    enabled boolean not null default true,
    status text not null default 'active',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint flows_pkey primary key (id)
);
comment on table chat.flows is 'Conversation flow definitions run by the flow engine (seed 001: 9 flows).';
comment on column chat.flows.id is 'Stable flow name, e.g. greeting_v1; code refers to it.';
comment on column chat.flows.module is 'Functional area of the flow (seed default: general).';
comment on column chat.flows.trigger is 'What starts the flow (an intent or keyword).';
comment on column chat.flows.states is 'State machine definition: state name -> state.';
comment on column chat.flows.initial_state is 'Seed: initialState. The state a run starts in.';
comment on column chat.flows.final_states is 'Seed: finalStates. States that end a run.';
comment on column chat.flows.context_schema is 'Seed: contextSchema. Shape of a run''s context.';
comment on column chat.flows.enabled is 'Whether the flow engine may start this flow.';

create trigger flows_touch_updated_at
before update on chat.flows
for each row execute function core.touch_updated_at();

create table chat.flow_runs (
    id uuid not null default gen_random_uuid(),
    flow_id text,
    session_id varchar(100),
    phone_number varchar(50),
    current_state text,
    context jsonb not null default '{}',
    status text not null default 'active',
    error text,
    started_at timestamptz not null default now(),
    completed_at timestamptz,
    updated_at timestamptz not null default now(),
    constraint flow_runs_pkey primary key (id)
);
comment on table chat.flow_runs is 'One execution of a flow for one conversation (seed 001: 106 runs).';
comment on column chat.flow_runs.id is 'Public handle of the run, given to the flow engine.';
comment on column chat.flow_runs.current_state is 'State of the flow the run is in now.';
comment on column chat.flow_runs.context is 'Data gathered by the run so far.';
comment on column chat.flow_runs.error is 'Why the run failed, when it did.';

create trigger flow_runs_touch_updated_at
before update on chat.flow_runs
for each row execute function core.touch_updated_at();

create table chat.conversation_memory (
    id bigint generated always as identity,
    user_id bigint not null,
    role varchar(10),
    content text not null,
    turn_number integer,
    session_id varchar(100),
    created_at timestamptz not null default now(),
    constraint conversation_memory_pkey primary key (id)
);
comment on table chat.conversation_memory is
'Lightweight turn-by-turn history for conversation context (seed 001: kept as is).';
comment on column chat.conversation_memory.role is 'Who spoke: user or assistant.';
comment on column chat.conversation_memory.turn_number is 'Position of the turn in its session.';

create index idx_conversation_memory_session on chat.conversation_memory (session_id);
create index idx_conversation_memory_user_id on chat.conversation_memory (user_id);
