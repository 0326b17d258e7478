-- Seed 000, new table 4: conversation_logs, one row per message with the
-- full NLU breakdown, routing decision and timings (analytics, debugging,
-- mining training data). conversation_memory stays the lightweight history;
-- seed 001 explains why the two are separate.
--
-- Every column and the five indexes of the seed, same names. Conventions
-- applied: bigint identity id, timestamptz created_at, user_id a real
-- foreign key to core.users. Rules beyond the seed: nlu_confidence lies in
-- 0..1; routed_to and training_confidence_bucket are closed sets.
-- flow_id and agent_id are plain text on purpose: a log outlives the flow or
-- agent it mentions. The table is new, so its constraints and indexes are
-- created with it (no live rows to scan or lock).

create table chat.conversation_logs (
    id bigint generated always as identity,
    user_id bigint,
    session_id varchar(100) not null,
    phone_number varchar(50),
    channel varchar(50) not null default 'web',
    user_message text not null,
    bot_response text,
    message_type varchar(20) not null default 'text',
    nlu_intent varchar(100),
    nlu_confidence numeric(5, 4),
    nlu_alternate_intents jsonb,
    nlu_entities jsonb,
    nlu_language varchar(10),
    nlu_tone varchar(50),
    nlu_provider varchar(50),
    nlu_processing_time_ms integer,
    routed_to varchar(100),
    routing_reason text,
    flow_id varchar(100),
    agent_id varchar(100),
    response_type varchar(50),
    response_success boolean not null default true,
    response_time_ms integer,
    conversation_context jsonb,
    turn_number integer,
    is_training_candidate boolean not null default false,
    training_confidence_bucket varchar(20),
    created_at timestamptz not null default now(),
    constraint conversation_logs_pkey primary key (id),
    constraint conversation_logs_user_id_fkey foreign key (user_id) references core.users (id),
    constraint conversation_logs_nlu_confidence_check check (nlu_confidence between 0 and 1),
    constraint conversation_logs_routed_to_check check (routed_to in ('agent', 'flow', 'direct_api')),
    constraint conversation_logs_training_confidence_bucket_check
    check (training_confidence_bucket in ('high', 'medium', 'low')),
    constraint conversation_logs_timings_check
    check (nlu_processing_time_ms >= 0 and response_time_ms >= 0)
);
comment on table chat.conversation_logs is
'One row per message with its full NLU analysis and routing (seed 000): analytics and training mining.';
comment on column chat.conversation_logs.channel is 'Where the message came from (web, whatsapp, ...).';
comment on column chat.conversation_logs.message_type is 'Kind of message (text, voice, button, ...).';
comment on column chat.conversation_logs.nlu_confidence is 'Confidence of nlu_intent, 0..1.';
comment on column chat.conversation_logs.nlu_alternate_intents is 'Every candidate intent with its score.';
comment on column chat.conversation_logs.routed_to is 'Closed set: agent, flow, direct_api.';
comment on column chat.conversation_logs.flow_id is
'The flow that answered, when routed_to = flow (text: logs outlive flows).';
comment on column chat.conversation_logs.is_training_candidate is
'Set when the message was harvested into chat.training_samples.';
comment on column chat.conversation_logs.training_confidence_bucket is
'Closed set: high, medium, low; the confidence band the message was harvested in.';

create index idx_conversation_logs_session on chat.conversation_logs (session_id);
create index idx_conversation_logs_user on chat.conversation_logs (user_id);
create index idx_conversation_logs_intent on chat.conversation_logs (nlu_intent);
create index idx_conversation_logs_training on chat.conversation_logs (is_training_candidate);
create index idx_conversation_logs_created on chat.conversation_logs (created_at desc);
