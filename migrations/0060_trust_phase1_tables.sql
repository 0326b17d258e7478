-- Seed 004, phase 1 (non-breaking): the trust and anti-abuse tables
-- TrustScore, AbuseFlag, ModerationLog, FactCheckLog and ContentEmbedding,
-- in the new `trust` schema, with every column and index the seed gives.
--
-- Conventions applied: bigint identity keys instead of cuid strings;
-- timestamptz; the seed's Float scores in 0..1 are numeric(5,4) with a
-- range CHECK; its enums are closed sets (CHECK, enum name in the comment).
-- content_embeddings.embedding is real[] of a fixed dimension (384, the size
-- of the sentence models in use), so cosine similarity can be computed in
-- plain SQL (trust.cosine_similarity); README explains moving to pgvector.

create schema trust;
comment on schema trust is 'Trust scores, abuse flags, moderation, NLI fact-check logs, content embeddings.';

create table trust.trust_scores (
    id bigint generated always as identity,
    user_id bigint not null,
    score numeric(5, 4) not null default 0.5,
    mastery_reliability numeric(5, 4) not null default 0.5,
    nli_track_record numeric(5, 4) not null default 0.7,
    community_validation numeric(5, 4) not null default 0.5,
    account_age_trust numeric(5, 4) not null default 0.5,
    interaction_entropy numeric(5, 4) not null default 1.0,
    vote_pattern_score numeric(5, 4) not null default 1.0,
    similarity_flags integer not null default 0,
    abuse_flags integer not null default 0,
    ip_clustering_risk numeric(5, 4) not null default 0.0,
    last_updated timestamptz not null default now(),
    historical_low numeric(5, 4) not null default 0.5,
    historical_high numeric(5, 4) not null default 0.5,
    constraint trust_scores_pkey primary key (id),
    constraint trust_scores_user_id_key unique (user_id),
    constraint trust_scores_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade,
    constraint trust_scores_range_check check (
        score between 0 and 1 and mastery_reliability between 0 and 1 and nli_track_record between 0 and 1
        and community_validation between 0 and 1 and account_age_trust between 0 and 1
        and interaction_entropy between 0 and 1 and vote_pattern_score between 0 and 1
        and ip_clustering_risk between 0 and 1 and similarity_flags >= 0 and abuse_flags >= 0
    ),
    constraint trust_scores_history_check check (historical_low <= score and score <= historical_high)
);
comment on table trust.trust_scores is
'How far the community can trust a user, with its components (seed 004 TrustScore).';
comment on column trust.trust_scores.score is 'Overall trust, 0..1 (0.5 neutral).';
comment on column trust.trust_scores.historical_low is 'Lowest score ever held.';
comment on column trust.trust_scores.historical_high is 'Highest score ever held.';

create index idx_trust_scores_score on trust.trust_scores (score);

create table trust.abuse_flags (
    id bigint generated always as identity,
    user_id bigint not null,
    flag_type text not null,
    severity integer not null,
    details jsonb not null,
    auto_detected boolean not null default true,
    reviewed_by bigint,
    reviewed_at timestamptz,
    status text not null default 'PENDING',
    created_at timestamptz not null default now(),
    constraint abuse_flags_pkey primary key (id),
    constraint abuse_flags_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade,
    constraint abuse_flags_reviewed_by_fkey foreign key (reviewed_by) references core.users (id) on delete set null,
    constraint abuse_flags_flag_type_check check (flag_type in (
        'SIMILARITY_HIGH', 'VOTE_TRADING', 'LOW_ENTROPY', 'IP_CLUSTERING',
        'STREAK_FRAUD', 'XP_FARMING', 'SPAM_POSTING', 'SOCKPUPPET'
    )),
    constraint abuse_flags_severity_check check (severity between 1 and 10),
    constraint abuse_flags_status_check check (status in ('PENDING', 'CONFIRMED', 'FALSE_POSITIVE')),
    constraint abuse_flags_details_check check (core.check_jsonb_object(details, 'abuse_flags.details')),
    constraint abuse_flags_review_check check ((status = 'PENDING') = (reviewed_at is null))
);
comment on table trust.abuse_flags is 'A suspected abuse, with its evidence (seed 004 AbuseFlag).';
comment on column trust.abuse_flags.flag_type is
'Seed AbuseFlagType: SIMILARITY_HIGH, VOTE_TRADING, LOW_ENTROPY, IP_CLUSTERING, STREAK_FRAUD, XP_FARMING, '
'SPAM_POSTING, SOCKPUPPET.';
comment on column trust.abuse_flags.severity is 'From 1 (minor) to 10.';
comment on column trust.abuse_flags.details is 'The evidence, a JSON object.';
comment on column trust.abuse_flags.status is 'Closed set: PENDING, CONFIRMED, FALSE_POSITIVE.';

create index idx_abuse_flags_user_id_status on trust.abuse_flags (user_id, status);
create index idx_abuse_flags_flag_type_created_at on trust.abuse_flags (flag_type, created_at);
create index idx_abuse_flags_status_severity on trust.abuse_flags (status, severity);
create index idx_abuse_flags_reviewed_by on trust.abuse_flags (reviewed_by);

create table trust.moderation_logs (
    id bigint generated always as identity,
    admin_id bigint not null,
    target_user_id bigint not null,
    action text not null,
    reason text not null,
    details jsonb,
    created_at timestamptz not null default now(),
    constraint moderation_logs_pkey primary key (id),
    constraint moderation_logs_admin_id_fkey foreign key (admin_id) references core.users (id),
    constraint moderation_logs_target_user_id_fkey foreign key (target_user_id) references core.users (id),
    constraint moderation_logs_action_check check (action in ('WARNING', 'SUSPEND', 'BAN', 'RESTORE')),
    constraint moderation_logs_details_check check (core.check_jsonb_object(details, 'moderation_logs.details'))
);
comment on table trust.moderation_logs is 'Every moderation action taken on a user (seed 004 ModerationLog).';
comment on column trust.moderation_logs.action is 'Closed set: WARNING, SUSPEND, BAN, RESTORE.';

create index idx_moderation_logs_target_user_id_created_at on trust.moderation_logs (target_user_id, created_at);
create index idx_moderation_logs_admin_id on trust.moderation_logs (admin_id);

create table trust.fact_check_logs (
    id bigint generated always as identity,
    user_id bigint,
    generated_text text not null,
    context_used text not null,
    claims_checked integer not null,
    entailment_count integer not null,
    contradiction_count integer not null,
    neutral_count integer not null,
    overall_confidence numeric(5, 4) not null,
    safe_to_display boolean not null,
    checks jsonb not null,
    action_taken text,
    created_at timestamptz not null default now(),
    constraint fact_check_logs_pkey primary key (id),
    constraint fact_check_logs_user_id_fkey foreign key (user_id) references core.users (id) on delete set null,
    constraint fact_check_logs_counts_check check (
        entailment_count >= 0 and contradiction_count >= 0 and neutral_count >= 0
        and claims_checked = entailment_count + contradiction_count + neutral_count
    ),
    constraint fact_check_logs_overall_confidence_check check (overall_confidence between 0 and 1),
    constraint fact_check_logs_checks_check check (jsonb_typeof(checks) = 'array'),
    constraint fact_check_logs_action_taken_check
    check (action_taken in ('DISPLAY', 'DISPLAY_WITH_WARNING', 'BLOCK', 'REGENERATE'))
);
comment on table trust.fact_check_logs is 'An NLI fact check of AI-generated text (seed 004 FactCheckLog).';
comment on column trust.fact_check_logs.checks is 'One entry per claim checked (ClaimCheck), a JSON array.';
comment on column trust.fact_check_logs.action_taken is 'Closed set: DISPLAY, DISPLAY_WITH_WARNING, BLOCK, REGENERATE.';

create index idx_fact_check_logs_user_id_created_at on trust.fact_check_logs (user_id, created_at);
create index idx_fact_check_logs_safe_to_display on trust.fact_check_logs (safe_to_display);
create index idx_fact_check_logs_contradiction_count on trust.fact_check_logs (contradiction_count);

create table trust.content_embeddings (
    id bigint generated always as identity,
    content_type text not null,
    content_id bigint not null,
    user_id bigint not null,
    embedding real[] not null,
    text text not null,
    created_at timestamptz not null default now(),
    constraint content_embeddings_pkey primary key (id),
    constraint content_embeddings_content_type_content_id_key unique (content_type, content_id),
    constraint content_embeddings_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade,
    constraint content_embeddings_content_type_check check (content_type in ('answer', 'doubt')),
    constraint content_embeddings_embedding_check
    check (array_ndims(embedding) = 1 and array_length(embedding, 1) = 384 and array_position(embedding, null) is null)
);
comment on table trust.content_embeddings is
'A sentence embedding of a doubt or answer, for near-duplicate detection (seed 004 ContentEmbedding).';
comment on column trust.content_embeddings.content_type is 'Closed set: answer, doubt.';
comment on column trust.content_embeddings.embedding is '384 reals, no NULLs; compare with trust.cosine_similarity.';

create index idx_content_embeddings_user_id on trust.content_embeddings (user_id);

create function trust.cosine_similarity(a real[], b real[]) returns double precision
language sql immutable strict parallel safe as $$
    -- cos(a, b) = a.b / (|a| |b|); NULL when either vector is all zeros.
    select sum(x * y) / nullif(sqrt(sum(x * x)) * sqrt(sum(y * y)), 0)
    from unnest(a, b) as v (x, y);
$$;
comment on function trust.cosine_similarity(real[], real[]) is
'Cosine similarity of two equal-length vectors, in plain SQL (pgvector''s <=> is 1 minus this).';
