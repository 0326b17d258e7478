-- Seed 000, new table 3: training_samples, labelled and reviewed NLU
-- training data for the IndicBERT model: from games, from harvested
-- conversation logs and from manual entry.
--
-- Every column and the five indexes of the seed, same names. Conventions
-- applied: bigint identity id, timestamptz times, user_id a real foreign key.
-- Beyond the seed:
--   * conversation_log_id: the log a harvested sample came from, unique, so
--     harvesting the same log twice is impossible (the harvest query relies
--     on it to be idempotent);
--   * closed sets for source and review_status, confidence in 0..1;
--   * approved agrees with review_status, and approval records who and when;
--   * only approved samples are used in training, and a used sample names
--     its batch;
--   * a partial index on the export queue (approved, not yet used).

create table chat.training_samples (
    id bigint generated always as identity,
    user_id bigint,
    session_id varchar(100),
    game_session_id varchar(100),
    text text not null,
    intent varchar(100) not null,
    entities jsonb,
    confidence numeric(5, 4),
    language varchar(10),
    tone varchar(50),
    context jsonb,
    source varchar(50) not null default 'game',
    nlu_provider varchar(50),
    approved boolean not null default false,
    approved_by varchar(100),
    approved_at timestamptz,
    review_status varchar(20) not null default 'pending',
    review_priority integer not null default 0,
    used_in_training boolean not null default false,
    training_batch_id varchar(100),
    created_at timestamptz not null default now(),
    conversation_log_id bigint,
    constraint training_samples_pkey primary key (id),
    constraint training_samples_conversation_log_id_key unique (conversation_log_id),
    constraint training_samples_user_id_fkey foreign key (user_id) references core.users (id),
    constraint training_samples_conversation_log_id_fkey
    foreign key (conversation_log_id) references chat.conversation_logs (id),
    constraint training_samples_confidence_check check (confidence between 0 and 1),
    constraint training_samples_source_check check (source in ('game', 'conversation', 'manual')),
    constraint training_samples_review_status_check
    check (review_status in ('pending', 'approved', 'rejected')),
    constraint training_samples_approved_check
    check (approved = (review_status = 'approved') and (not approved or approved_at is not null)),
    constraint training_samples_used_check
    check (not used_in_training or (approved and training_batch_id is not null))
);
comment on table chat.training_samples is
'Labelled, reviewed NLU training data (seed 000); exported in batches for model training.';
comment on column chat.training_samples.game_session_id is
'The chat session id of the game that produced the sample (seed: a varchar link to the game).';
comment on column chat.training_samples.confidence is 'How sure the label is, 0..1.';
comment on column chat.training_samples.source is 'Closed set: game, conversation, manual.';
comment on column chat.training_samples.review_status is 'Closed set: pending, approved, rejected.';
comment on column chat.training_samples.review_priority is 'Higher is reviewed first.';
comment on column chat.training_samples.used_in_training is 'Set, with training_batch_id, when exported.';
comment on column chat.training_samples.conversation_log_id is
'The conversation log a harvested sample came from; unique, so a log is harvested once.';

create index idx_training_samples_intent on chat.training_samples (intent);
create index idx_training_samples_language on chat.training_samples (language);
create index idx_training_samples_approved on chat.training_samples (approved);
create index idx_training_samples_review_status on chat.training_samples (review_status);
create index idx_training_samples_source on chat.training_samples (source);
create index idx_training_samples_user_id on chat.training_samples (user_id);
create index idx_training_samples_export_queue on chat.training_samples (id)
where approved and not used_in_training;
