-- Seed 004, phase 1: EventLog, the audit trail of domain events
-- ("ANSWER_ACCEPTED", "MASTERY_UPDATED", ...), processed at most once by a
-- cron job (processed_at). It is the product's one event log, in `core`.
-- Every column and index the seed gives; metadata is a JSON object.

create table core.event_logs (
    id bigint generated always as identity,
    event_type text not null,
    user_id bigint,
    target_id text,
    metadata jsonb not null,
    emitted_at timestamptz not null default now(),
    processed_at timestamptz,
    constraint event_logs_pkey primary key (id),
    constraint event_logs_user_id_fkey foreign key (user_id) references core.users (id) on delete set null,
    constraint event_logs_metadata_check check (core.check_jsonb_object(metadata, 'event_logs.metadata')),
    constraint event_logs_processed_check check (processed_at >= emitted_at)
);
comment on table core.event_logs is 'Domain events, processed at most once (seed 004 EventLog).';
comment on column core.event_logs.event_type is 'What happened, e.g. ANSWER_ACCEPTED, MASTERY_UPDATED.';
comment on column core.event_logs.target_id is 'The affected resource (answer, doubt, ...), as text.';
comment on column core.event_logs.processed_at is 'When the event was processed; NULL while waiting.';

create index idx_event_logs_event_type_emitted_at on core.event_logs (event_type, emitted_at);
create index idx_event_logs_user_id_emitted_at on core.event_logs (user_id, emitted_at);
create index idx_event_logs_processed_at on core.event_logs (processed_at);
