-- The chat module (seeds 000 and 001): conversation flows and their runs, the
-- bot's turn-by-turn memory, one log row per message with its NLU analysis,
-- and the NLU training data mined from it, reviewed and exported in batches.
--
-- Why the rules live here:
-- - Critical flows (greeting, help, farewell) cannot be disabled, deleted or
--   rewritten by the application: a trigger refuses it; only a migration
--   (the owner) marks a flow critical.
-- - A training sample is approved only through the review path, and once it
--   has been exported in a batch it is never changed: a batch's contents
--   stay what the model was trained on.
-- - Conversation logs and memory are partitioned by month and dropped past
--   retention_conversation_days, except months holding a message a training
--   sample or a game names.

-- Tables

create table chat.conversation_logs (
    id bigint generated always as identity,
    user_id bigint,
    session_id character varying(100) not null,
    phone_number character varying(50),
    channel character varying(50) default 'web' not null,
    user_message text not null,
    bot_response text,
    message_type character varying(20) default 'text' not null,
    nlu_intent character varying(100),
    nlu_confidence numeric(5, 4),
    nlu_alternate_intents jsonb,
    nlu_entities jsonb,
    nlu_language character varying(10),
    nlu_tone character varying(50),
    nlu_provider character varying(50),
    nlu_processing_time_ms integer,
    routed_to character varying(100),
    routing_reason text,
    flow_id character varying(100),
    agent_id character varying(100),
    response_type character varying(50),
    response_success boolean default true not null,
    response_time_ms integer,
    conversation_context jsonb,
    turn_number integer,
    is_training_candidate boolean default false not null,
    training_confidence_bucket character varying(20),
    created_at timestamp with time zone default now() not null,
    constraint conversation_logs_pkey primary key (id, created_at),
    constraint conversation_logs_nlu_confidence_check check (nlu_confidence between 0 and 1),
    constraint conversation_logs_routed_to_check check (routed_to::text in ('agent', 'flow', 'direct_api')),
    constraint conversation_logs_timings_check check (nlu_processing_time_ms >= 0 and response_time_ms >= 0),
    constraint conversation_logs_training_confidence_bucket_check check (
        training_confidence_bucket::text in ('high', 'medium', 'low')
    )
) partition by range (created_at);
comment on table chat.conversation_logs is
'One row per message with its full NLU analysis and routing (seed 000): analytics and training '
'mining. Partitioned by month of created_at.';
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
create index idx_conversation_logs_created on chat.conversation_logs (created_at desc);
create index idx_conversation_logs_intent on chat.conversation_logs (nlu_intent);
create index idx_conversation_logs_session on chat.conversation_logs (session_id);
create index idx_conversation_logs_training on chat.conversation_logs (is_training_candidate);
create index idx_conversation_logs_user on chat.conversation_logs (user_id);

create table chat.conversation_memory (
    id bigint generated always as identity,
    user_id bigint not null,
    role character varying(10),
    content text not null,
    turn_number integer,
    session_id character varying(100),
    created_at timestamp with time zone default now() not null,
    constraint conversation_memory_pkey primary key (id, user_id, created_at),
    constraint conversation_memory_role_check check (role::text in ('user', 'assistant')),
    constraint conversation_memory_user_id_fkey foreign key (user_id) references core.users (id)
) partition by range (created_at);
comment on table chat.conversation_memory is
'Lightweight turn-by-turn history for conversation context (seed 001: kept as is). Partitioned by '
'month of created_at.';
comment on column chat.conversation_memory.role is 'Who spoke: user or assistant.';
comment on column chat.conversation_memory.turn_number is 'Position of the turn in its session.';
create index idx_conversation_memory_created_at on chat.conversation_memory (created_at);
create index idx_conversation_memory_session on chat.conversation_memory (session_id);
create index idx_conversation_memory_user_id on chat.conversation_memory (user_id);

create table chat.flows (
    id text not null,
    name text,
    description text,
    module text default 'general' not null,
    trigger text,
    version text default '1.0.0' not null,
    states jsonb,
    initial_state text,
    final_states jsonb,
    context_schema jsonb,
    metadata jsonb,
    enabled boolean default true not null,
    status text default 'active' not null,
    created_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null,
    system_critical boolean default false not null,
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
comment on column chat.flows.system_critical is
'A flow the assistant cannot work without (greeting, help, farewell): it cannot be disabled or '
'deleted.';

create table chat.flow_runs (
    id uuid default gen_random_uuid() not null,
    flow_id text,
    session_id character varying(100),
    phone_number character varying(50),
    current_state text,
    context jsonb default '{}'::jsonb not null,
    status text default 'active' not null,
    error text,
    started_at timestamp with time zone default now() not null,
    completed_at timestamp with time zone,
    updated_at timestamp with time zone default now() not null,
    constraint flow_runs_pkey primary key (id),
    constraint flow_runs_flow_id_fkey foreign key (flow_id) references chat.flows (id)
);
comment on table chat.flow_runs is 'One execution of a flow for one conversation (seed 001: 106 runs).';
comment on column chat.flow_runs.id is 'Public handle of the run, given to the flow engine.';
comment on column chat.flow_runs.current_state is 'State of the flow the run is in now.';
comment on column chat.flow_runs.context is 'Data gathered by the run so far.';
comment on column chat.flow_runs.error is 'Why the run failed, when it did.';
create index idx_flow_runs_flow_id on chat.flow_runs (flow_id);

create table chat.training_batch_samples (
    sample_id bigint not null,
    batch_id character varying(100) not null,
    constraint training_batch_samples_pkey primary key (sample_id)
);
comment on table chat.training_batch_samples is
'Which batch each exported training sample went out in; a sample is exported once. No foreign keys '
'(cost): checked by the invariant training_batches_match_samples.';
comment on column chat.training_batch_samples.sample_id is 'chat.training_samples.id of the exported sample.';
comment on column chat.training_batch_samples.batch_id is 'chat.training_batches.id of its batch.';

create table chat.training_batches (
    id character varying(100) not null,
    exported_at timestamp with time zone default now() not null,
    sample_count integer not null,
    constraint training_batches_pkey primary key (id),
    constraint training_batches_sample_count_check check (sample_count >= 0)
);
comment on table chat.training_batches is
'One row per exported training batch (export_training_batch), written in the transaction that exports '
'it.';
comment on column chat.training_batches.id is 'The batch name the exporter gave, e.g. batch-2026-11-23.';
comment on column chat.training_batches.sample_count is
'How many samples the batch holds (rows in training_batch_samples).';

create table chat.training_samples (
    id bigint generated always as identity,
    user_id bigint,
    session_id character varying(100),
    game_session_id character varying(100),
    text text not null,
    intent character varying(100) not null,
    entities jsonb,
    confidence numeric(5, 4),
    language character varying(10),
    tone character varying(50),
    context jsonb,
    source character varying(50) default 'game' not null,
    nlu_provider character varying(50),
    approved boolean default false not null,
    approved_by character varying(100),
    approved_at timestamp with time zone,
    review_status character varying(20) default 'pending' not null,
    review_priority integer default 0 not null,
    created_at timestamp with time zone default now() not null,
    conversation_log_id bigint,
    constraint training_samples_pkey primary key (id),
    constraint training_samples_conversation_log_id_key unique (conversation_log_id),
    constraint training_samples_approved_check check (
        approved = (review_status = 'approved') and (not approved or approved_at is not null)
    ),
    constraint training_samples_confidence_check check (confidence between 0 and 1),
    constraint training_samples_review_status_check check (review_status::text in ('pending', 'approved', 'rejected')),
    constraint training_samples_source_check check (source::text in ('game', 'conversation', 'manual'))
);
comment on table chat.training_samples is
'Labelled, reviewed NLU training data (seed 000); exported in batches for model training.';
comment on column chat.training_samples.game_session_id is
'The chat session id of the game that produced the sample, as the seed has it (text). The game '
'itself: play.game_sessions.training_sample_id.';
comment on column chat.training_samples.confidence is 'How sure the label is, 0..1.';
comment on column chat.training_samples.source is 'Closed set: game, conversation, manual.';
comment on column chat.training_samples.review_status is 'Closed set: pending, approved, rejected.';
comment on column chat.training_samples.review_priority is 'Higher is reviewed first.';
comment on column chat.training_samples.conversation_log_id is
'The conversation log a harvested sample came from; unique, so a log is harvested once.';
create index idx_training_samples_approved on chat.training_samples (approved);
create index idx_training_samples_approved_at on chat.training_samples (approved_at) where approved;
create index idx_training_samples_intent on chat.training_samples (intent);
create index idx_training_samples_language on chat.training_samples (language);
create index idx_training_samples_review_status on chat.training_samples (review_status);
create index idx_training_samples_source on chat.training_samples (source);
create index idx_training_samples_user_id on chat.training_samples (user_id);

-- Functions and procedures

create function chat.approve_training_samples(
    p_reviewer text,
    p_source text default null::text,
    p_intent text default null::text,
    p_min_confidence numeric default null::numeric,
    p_max_rows integer default 1000
)
returns setof chat.training_samples
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
begin
    if coalesce(btrim(p_reviewer), '') = '' then
        raise exception 'a review names its reviewer' using errcode = 'check_violation';
    end if;
    if p_max_rows not between 1 and 100000 then
        raise exception 'max_rows must be 1 to 100000, not %', p_max_rows using errcode = 'check_violation';
    end if;
    return query
    with picked as (
        select s.id
        from chat.training_samples as s
        where
            s.review_status = 'pending'
            and (p_source is null or s.source = p_source)
            and (p_intent is null or s.intent = p_intent)
            and (p_min_confidence is null or s.confidence >= p_min_confidence)
        order by s.created_at, s.id
        limit p_max_rows
        for update skip locked
    )

    update chat.training_samples as s
    set review_status = 'approved', approved = true, approved_by = p_reviewer, approved_at = now()
    from picked as p
    where s.id = p.id
    returning s.*;
end;
$$;
comment on function chat.approve_training_samples(text, text, text, numeric, integer) is
'Approves pending training samples matching the filter (source, intent, minimum confidence), oldest '
'first.';

create function chat.check_training_sample_confidence()
returns trigger
language plpgsql
as $$
begin
    if new.source = 'game' then
        if coalesce(new.confidence, 1) <> 1 then
            raise exception 'a game sample''s label is confirmed by the known answer: confidence is 1, not %',
                new.confidence
                using errcode = 'check_violation';
        end if;
        new.confidence := 1;
    elsif new.source = 'conversation'
        and not coalesce(new.confidence >= core.setting_numeric('min_confidence_auto_save'), false) then
        raise exception 'a conversation sample needs confidence of at least min_confidence_auto_save (%), not %',
            core.setting_text('min_confidence_auto_save'), coalesce(new.confidence::text, 'none')
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;
comment on function chat.check_training_sample_confidence() is
'BEFORE INSERT on chat.training_samples: game samples have confidence 1; conversation samples reach '
'min_confidence_auto_save; manual ones any.';

create function chat.keep_exported_samples()
returns trigger
language plpgsql
set search_path to 'pg_catalog', 'pg_temp'
as $$
begin
    if tg_op = 'UPDATE' and new.approved then
        return new;
    end if;
    if exists (select from chat.training_batch_samples as b where b.sample_id = old.id) then
        raise exception 'training sample % was exported in batch %: it stays approved and is not deleted',
            old.id, (select b.batch_id from chat.training_batch_samples as b where b.sample_id = old.id)
            using errcode = 'check_violation',
                constraint = 'training_samples_exported_check',
                hint = 'core.forget_user keeps an exported sample''s text and removes who wrote it';
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end;
$$;
comment on function chat.keep_exported_samples() is
'BEFORE UPDATE OF approved or DELETE on chat.training_samples: an exported sample stays approved and '
'is kept.';

create function chat.keep_sampled_conversation_logs()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
begin
    if exists (select from chat.training_samples as t where t.conversation_log_id = old.id) then
        raise exception 'update or delete on table "conversation_logs" violates foreign key constraint '
            '"training_samples_conversation_log_id_fkey" on table "training_samples"'
        using errcode = 'foreign_key_violation', constraint = 'training_samples_conversation_log_id_fkey',
        schema = 'chat', table = 'training_samples',
        detail = format('Key (id)=(%s) is still referenced from table "training_samples".', old.id);
    end if;
    return null;
end;
$$;
comment on function chat.keep_sampled_conversation_logs() is
'AFTER DELETE OR UPDATE OF id on chat.conversation_logs: a message a training sample names stays. The '
'referenced side of a foreign key, which a partitioned table cannot hold.';

create function chat.protect_critical_flows()
returns trigger
language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        if old.system_critical then
            raise exception 'flow % is system-critical and cannot be deleted', old.id
                using errcode = 'restrict_violation';
        end if;
        return old;
    end if;
    if not core.caller_is_owner() then
        if tg_op = 'INSERT' and new.system_critical then
            raise exception 'flow % cannot be created system-critical: only a migration marks a flow critical', new.id
                using errcode = 'insufficient_privilege';
        end if;
        if tg_op = 'UPDATE' and (old.system_critical or new.system_critical)
            and (to_jsonb(new) - array['name', 'description', 'metadata', 'updated_at'])
            is distinct from (to_jsonb(old) - array['name', 'description', 'metadata', 'updated_at']) then
            raise exception 'flow % is system-critical: only a migration may change more than its name, '
                'description and metadata', old.id
                using errcode = 'insufficient_privilege';
        end if;
    end if;
    if new.system_critical and not new.enabled then
        raise exception 'flow % is system-critical and cannot be disabled', new.id
            using errcode = 'restrict_violation';
    end if;
    return new;
end;
$$;
comment on function chat.protect_critical_flows() is
'BEFORE INSERT/UPDATE/DELETE on chat.flows: a system-critical flow stays enabled and is never '
'deleted; only the owner role creates one or changes more than its name, description and metadata.';

create function chat.refuse_unknown_conversation_log()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
begin
    -- As a foreign key: no message named, or the same one as before, is not checked. FOR KEY
    -- SHARE (owner's privilege, hence security definer): it stays until this sample's writer commits.
    if new.conversation_log_id is null
        or (tg_op = 'UPDATE' and new.conversation_log_id = old.conversation_log_id) then
        return null;
    end if;
    perform from chat.conversation_logs as l where l.id = new.conversation_log_id for key share;
    if not found then
        raise exception 'insert or update on table "training_samples" violates foreign key constraint '
            '"training_samples_conversation_log_id_fkey"'
        using errcode = 'foreign_key_violation', constraint = 'training_samples_conversation_log_id_fkey',
        schema = 'chat', table = 'training_samples',
        detail = format('Key (conversation_log_id)=(%s) is not present in table "conversation_logs".',
            new.conversation_log_id);
    end if;
    return null;
end;
$$;
comment on function chat.refuse_unknown_conversation_log() is
'AFTER INSERT OR UPDATE OF conversation_log_id on chat.training_samples: the message a sample names '
'exists: the foreign key a partitioned chat.conversation_logs cannot be pointed at by.';

create function chat.review_training_sample(
    p_sample_id bigint,
    p_reviewer text,
    p_decision text,
    p_intent text default null::text,
    p_entities jsonb default null::jsonb
)
returns setof chat.training_samples
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
declare
    sample chat.training_samples;
begin
    if coalesce(btrim(p_reviewer), '') = '' then
        raise exception 'a review names its reviewer' using errcode = 'check_violation';
    end if;
    if p_decision not in ('approve', 'reject', 'relabel') then
        raise exception 'decision must be approve, reject or relabel, not %', p_decision
            using errcode = 'check_violation';
    end if;
    if (p_decision = 'relabel') <> (p_intent is not null) then
        raise exception 'relabel needs the new intent, and only relabel takes one' using errcode = 'check_violation';
    end if;
    select * into sample from chat.training_samples as s where s.id = p_sample_id for update;
    if not found then
        raise exception 'no training sample %', p_sample_id using errcode = 'no_data_found';
    end if;
    if sample.review_status <> 'pending' then
        raise exception 'training sample % was already reviewed (%)', p_sample_id, sample.review_status
            using errcode = 'check_violation';
    end if;
    return query
    update chat.training_samples as s
    set
        review_status = case p_decision when 'reject' then 'rejected' else 'approved' end,
        approved = p_decision <> 'reject',
        approved_by = p_reviewer,
        approved_at = now(),
        intent = coalesce(p_intent, s.intent),
        entities = case when p_decision = 'relabel' then p_entities else s.entities end
    where s.id = p_sample_id
    returning s.*;
end;
$$;
comment on function chat.review_training_sample(
    bigint, text, text, text, jsonb
) is 'Approves, rejects or relabels one pending training sample, recording the reviewer and time.';

-- Triggers

create trigger conversation_logs_keep_sampled
after delete or update of id on chat.conversation_logs
for each row
execute function chat.keep_sampled_conversation_logs();

create trigger conversation_logs_user_names_a_user
after insert or update of user_id on chat.conversation_logs
for each row
execute function core.refuse_unknown_users('user_id');

create trigger flow_runs_touch_updated_at
before update on chat.flow_runs
for each row
execute function core.touch_updated_at();

create trigger flows_protect_critical
before insert or delete or update on chat.flows
for each row
execute function chat.protect_critical_flows();

create trigger flows_touch_updated_at
before update on chat.flows
for each row
execute function core.touch_updated_at();

create trigger training_samples_confidence_rule
before insert on chat.training_samples
for each row
execute function chat.check_training_sample_confidence();

create trigger training_samples_keep_exported
before delete or update of approved on chat.training_samples
for each row when (old.approved)
execute function chat.keep_exported_samples();

create trigger training_samples_name_a_conversation_log
after insert or update of conversation_log_id on chat.training_samples
for each row
execute function chat.refuse_unknown_conversation_log();

create trigger training_samples_user_names_a_user
after insert or update of user_id on chat.training_samples
for each row
execute function core.refuse_unknown_users('user_id');

-- Monthly partitions: registered here, created (and dropped past retention) by core.maintain_partitions()

insert into core.partitioned_tables (table_name, retention_setting, keep_while, why) values
(
    'chat.conversation_logs',
    'retention_conversation_days',
    'id in (select t.conversation_log_id from chat.training_samples as t) or id in (select g.conversation_log_id '
    'from play.game_sessions as g)',
    'every message the bot received; apply_retention removes the unnamed ones past retention_conversation_days, and '
    'a month goes whole once it ended that long ago and no training sample or game names a message in it'
),
(
    'chat.conversation_memory',
    'retention_conversation_days',
    null,
    'the bot''s memory of each user; a month goes whole once it ended retention_conversation_days ago'
);

select
    table_name,
    partition_name,
    action
from core.maintain_partitions();
