-- The trust module (seed 004): trust scores and their components, abuse flags
-- with their evidence, the moderation log, NLI fact-check logs and content
-- embeddings for near-duplicate detection.
--
-- Why the rules live here:
-- - The trust score is one formula (trust.score_from_components), computed by
--   the database from the ledgers and the vote graph; the application cannot
--   write it.
-- - A reviewed abuse flag is final; a confirmed serial-voting flag reverses
--   the votes' reputation by correction rows.
-- - A suspended or shadow-banned user's writes are refused or kept out of
--   others' reputation by triggers on the tables they write.
-- - Near-duplicates are found through locality-sensitive hash buckets of the
--   embeddings, kept by trigger.

-- Types

create type trust.abuse_flag_evidence_row as (
    source_table text,
    source_id bigint
);
comment on type trust.abuse_flag_evidence_row is 'One evidence row of a finding: a table and the id of a row in it.';

-- Tables

create table trust.abuse_flags (
    id bigint generated always as identity,
    user_id bigint not null,
    flag_type text not null,
    severity integer not null,
    details jsonb not null,
    auto_detected boolean default true not null,
    reviewed_by bigint,
    reviewed_at timestamp with time zone,
    status text default 'PENDING' not null,
    created_at timestamp with time zone default now() not null,
    detector_key text,
    constraint abuse_flags_pkey primary key (id, user_id),
    constraint abuse_flags_details_check check (core.check_jsonb_object(details, 'abuse_flags.details')),
    constraint abuse_flags_flag_type_check check (
        flag_type in (
            'SIMILARITY_HIGH', 'VOTE_TRADING', 'LOW_ENTROPY', 'IP_CLUSTERING',
            'STREAK_FRAUD', 'XP_FARMING', 'SPAM_POSTING', 'SOCKPUPPET', 'SERIAL_VOTING'
        )
    ),
    constraint abuse_flags_review_check check ((status = 'PENDING') = (reviewed_at is null)),
    constraint abuse_flags_severity_check check (severity between 1 and 10),
    constraint abuse_flags_status_check check (status in ('PENDING', 'CONFIRMED', 'FALSE_POSITIVE')),
    constraint abuse_flags_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
);
comment on table trust.abuse_flags is 'A suspected abuse, with its evidence (seed 004 AbuseFlag).';
comment on column trust.abuse_flags.flag_type is
'Seed AbuseFlagType: SIMILARITY_HIGH, VOTE_TRADING, LOW_ENTROPY, IP_CLUSTERING, STREAK_FRAUD, '
'XP_FARMING, SPAM_POSTING, SOCKPUPPET; and SERIAL_VOTING (many votes from one voter to one author in '
'a day).';
comment on column trust.abuse_flags.severity is 'From 1 (minor) to 10.';
comment on column trust.abuse_flags.details is 'The evidence, a JSON object.';
comment on column trust.abuse_flags.status is 'Closed set: PENDING, CONFIRMED, FALSE_POSITIVE.';
comment on column trust.abuse_flags.detector_key is
'The finding a detector raised this flag for (e.g. pair:12-34); NULL for flags raised by hand.';
create unique index abuse_flags_detector_key on trust.abuse_flags (flag_type, user_id, detector_key);
create index idx_abuse_flags_flag_type_created_at on trust.abuse_flags (flag_type, created_at);
create index idx_abuse_flags_reviewed_at on trust.abuse_flags (reviewed_at);
create index idx_abuse_flags_reviewed_by on trust.abuse_flags (reviewed_by);
create index idx_abuse_flags_status_severity on trust.abuse_flags (status, severity);
create index idx_abuse_flags_user_id_status on trust.abuse_flags (user_id, status);

create table trust.abuse_flag_evidence (
    flag_id bigint not null,
    source_table text not null,
    source_id bigint not null,
    user_id bigint not null,
    constraint abuse_flag_evidence_pkey primary key (flag_id, user_id, source_table, source_id),
    constraint abuse_flag_evidence_source_table_check check (
        source_table in (
            'community.answer_votes', 'community.doubt_votes', 'trust.content_embeddings'
        )
    ),
    constraint abuse_flag_evidence_flag_id_fkey foreign key (flag_id, user_id)
    references trust.abuse_flags (id, user_id)
    on delete cascade
);
comment on table trust.abuse_flag_evidence is 'The rows an abuse flag rests on: votes or content embeddings.';
comment on column trust.abuse_flag_evidence.source_id is 'The id of the row in source_table.';
comment on column trust.abuse_flag_evidence.user_id is
'The flag''s user: the row lives on this user''s shard on Citus. Filled from the flag when left out.';

create table trust.content_embeddings (
    id bigint generated always as identity,
    content_type text not null,
    content_id bigint not null,
    user_id bigint not null,
    embedding real[] not null,
    text text not null,
    created_at timestamp with time zone default now() not null,
    lsh_buckets integer[],
    constraint content_embeddings_pkey primary key (id, user_id),
    constraint content_embeddings_content_type_check check (content_type in ('answer', 'doubt')),
    constraint content_embeddings_embedding_check check (
        array_ndims(embedding) = 1 and array_length(embedding, 1) = 384 and array_position(embedding, null) is null
    ),
    constraint content_embeddings_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
);
comment on table trust.content_embeddings is
'A sentence embedding of a doubt or answer, for near-duplicate detection (seed 004 ContentEmbedding).';
comment on column trust.content_embeddings.content_type is 'Closed set: answer, doubt.';
comment on column trust.content_embeddings.embedding is '384 reals, no NULLs; compare with trust.cosine_similarity.';
comment on column trust.content_embeddings.lsh_buckets is
'trust.lsh_buckets(embedding), kept by a trigger: near-duplicates share at least one.';
create index idx_content_embeddings_content on trust.content_embeddings (content_type, content_id);
create index idx_content_embeddings_created_at on trust.content_embeddings (created_at);
create index idx_content_embeddings_lsh_buckets on trust.content_embeddings using gin (lsh_buckets);
create index idx_content_embeddings_user_id on trust.content_embeddings (user_id);

create table trust.embedded_contents (
    content_type text not null,
    content_id bigint not null,
    user_id bigint not null,
    constraint embedded_contents_pkey primary key (content_type, content_id)
);
comment on table trust.embedded_contents is
'Each embedded content, keyed by the content: one embedding per content across users on Citus. Kept '
'by trust.keep_embedded_contents.';
comment on column trust.embedded_contents.content_type is 'trust.content_embeddings.content_type.';
comment on column trust.embedded_contents.content_id is 'trust.content_embeddings.content_id.';
comment on column trust.embedded_contents.user_id is 'The embedding''s user: the shard it lives on, on Citus.';

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
    created_at timestamp with time zone default now() not null,
    constraint fact_check_logs_pkey primary key (id, created_at),
    constraint fact_check_logs_action_taken_check check (
        action_taken in ('DISPLAY', 'DISPLAY_WITH_WARNING', 'BLOCK', 'REGENERATE')
    ),
    constraint fact_check_logs_checks_check check (jsonb_typeof(checks) = 'array'),
    constraint fact_check_logs_counts_check check (
        entailment_count >= 0 and contradiction_count >= 0 and neutral_count >= 0
        and claims_checked = entailment_count + contradiction_count + neutral_count
    ),
    constraint fact_check_logs_overall_confidence_check check (overall_confidence between 0 and 1)
) partition by range (created_at);
comment on table trust.fact_check_logs is
'An NLI fact check of AI-generated text (seed 004 FactCheckLog). Partitioned by month of created_at.';
comment on column trust.fact_check_logs.checks is 'One entry per claim checked (ClaimCheck), a JSON array.';
comment on column trust.fact_check_logs.action_taken is 'Closed set: DISPLAY, DISPLAY_WITH_WARNING, BLOCK, REGENERATE.';
create index idx_fact_check_logs_contradiction_count on trust.fact_check_logs (contradiction_count);
create index idx_fact_check_logs_created_at on trust.fact_check_logs (created_at);
create index idx_fact_check_logs_safe_to_display on trust.fact_check_logs (safe_to_display);
create index idx_fact_check_logs_user_id_created_at on trust.fact_check_logs (user_id, created_at);

create table trust.lsh_hyperplanes (
    band integer not null,
    sign_bit integer not null,
    direction real[] not null,
    constraint lsh_hyperplanes_pkey primary key (band, sign_bit),
    constraint lsh_hyperplanes_band_check check (band between 0 and 15),
    constraint lsh_hyperplanes_direction_check check (array_ndims(direction) = 1 and array_length(direction, 1) = 384),
    constraint lsh_hyperplanes_sign_bit_check check (sign_bit between 0 and 11)
);
comment on table trust.lsh_hyperplanes is
'The 192 fixed random directions (16 bands of 12) of the embeddings'' locality-sensitive signatures.';
comment on column trust.lsh_hyperplanes.direction is '384 standard normal components, drawn once from a fixed seed.';

create table trust.moderation_logs (
    id bigint generated always as identity,
    admin_id bigint not null,
    target_user_id bigint not null,
    action text not null,
    reason text not null,
    details jsonb,
    created_at timestamp with time zone default now() not null,
    constraint moderation_logs_pkey primary key (id, created_at),
    constraint moderation_logs_action_check check (action in ('WARNING', 'SUSPEND', 'BAN', 'SHADOW_BAN', 'RESTORE')),
    constraint moderation_logs_details_check check (core.check_jsonb_object(details, 'moderation_logs.details'))
) partition by range (created_at);
comment on table trust.moderation_logs is
'Every moderation action taken on a user (seed 004 ModerationLog). Partitioned by month of '
'created_at.';
comment on column trust.moderation_logs.action is 'Closed set: WARNING, SUSPEND, BAN, SHADOW_BAN, RESTORE.';
create index idx_moderation_logs_admin_id on trust.moderation_logs (admin_id);
create index idx_moderation_logs_target_user_id_created_at on trust.moderation_logs (target_user_id, created_at);

create table trust.trust_scores (
    id bigint generated always as identity,
    user_id bigint not null,
    score numeric(5, 4) default 0.5 not null,
    mastery_reliability numeric(5, 4) default 0.5 not null,
    nli_track_record numeric(5, 4) default 0.7 not null,
    community_validation numeric(5, 4) default 0.5 not null,
    account_age_trust numeric(5, 4) default 0.5 not null,
    interaction_entropy numeric(5, 4) default 1.0 not null,
    vote_pattern_score numeric(5, 4) default 1.0 not null,
    similarity_flags integer default 0 not null,
    abuse_flags integer default 0 not null,
    ip_clustering_risk numeric(5, 4) default 0.0 not null,
    last_updated timestamp with time zone default now() not null,
    historical_low numeric(5, 4) default 0.5 not null,
    historical_high numeric(5, 4) default 0.5 not null,
    constraint trust_scores_pkey primary key (id, user_id),
    constraint trust_scores_user_id_key unique (user_id),
    constraint trust_scores_history_check check (historical_low <= score and score <= historical_high),
    constraint trust_scores_range_check check (
        (score >= 0 and score <= 1)
        and (mastery_reliability >= 0 and mastery_reliability <= 1)
        and (nli_track_record >= 0 and nli_track_record <= 1)
        and (community_validation >= 0 and community_validation <= 1)
        and (account_age_trust >= 0 and account_age_trust <= 1)
        and (interaction_entropy >= 0 and interaction_entropy <= 1)
        and (vote_pattern_score >= 0 and vote_pattern_score <= 1)
        and (ip_clustering_risk >= 0 and ip_clustering_risk <= 1)
        and (similarity_flags >= 0)
        and (abuse_flags >= 0)
    ),
    constraint trust_scores_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
);
comment on table trust.trust_scores is
'How far the community can trust a user, with its components (seed 004 TrustScore).';
comment on column trust.trust_scores.score is 'Overall trust, 0..1 (0.5 neutral).';
comment on column trust.trust_scores.historical_low is 'Lowest score ever held.';
comment on column trust.trust_scores.historical_high is 'Highest score ever held.';
create index idx_trust_scores_score on trust.trust_scores (score);

-- Functions and procedures

create function trust.abuse_findings_of(p_user_ids bigint[], p_content_since timestamp with time zone)
returns table (
    flag_type text,
    user_id bigint,
    detector_key text,
    severity integer,
    details jsonb,
    evidence trust.abuse_flag_evidence_row[]
)
language plpgsql
stable
set search_path to 'pg_catalog', 'pg_temp'
set jit to 'off'
as $$
#variable_conflict use_column
begin
    return query
with settings as (
    select
        core.setting_numeric('abuse_vote_trading_min_votes') as trading_min_votes,
        core.setting_numeric('abuse_vote_trading_min_reciprocity') as trading_min_reciprocity,
        core.setting_numeric('abuse_serial_votes_per_day') as serial_votes_per_day,
        core.setting_numeric('abuse_low_entropy_min_votes') as entropy_min_votes,
        core.setting_numeric('abuse_low_entropy_max') as entropy_max,
        core.setting_numeric('abuse_similarity_min') as similarity_min,
        core.setting_numeric('abuse_similarity_window_days') as similarity_window_days
),

upvotes as (
    select v.*
    from community.user_votes as v
    where
        v.value > 0 and v.voter_id <> v.target_user_id
        and (p_user_ids is null or v.voter_id = any(p_user_ids) or v.target_user_id = any(p_user_ids))
),

vote_trading as (
    -- Both users of a pair upvote each other, often and evenly: each of
    -- them gets a flag about the pair.
    select
        g.voter_id as user_id,
        g.target_user_id as partner_id,
        format('pair:%s-%s', least(g.voter_id, g.target_user_id), greatest(g.voter_id, g.target_user_id))
            as detector_key,
        g.upvote_count as upvotes_given,
        b.upvote_count as upvotes_received,
        least(g.reciprocity, b.reciprocity) as reciprocity
    from community.vote_graph as g
    inner join community.vote_graph as b on g.target_user_id = b.voter_id and g.voter_id = b.target_user_id
    cross join settings as s
    where
        g.upvote_count >= s.trading_min_votes
        and b.upvote_count >= s.trading_min_votes
        and least(g.reciprocity, b.reciprocity) >= s.trading_min_reciprocity
        and (p_user_ids is null or g.voter_id = any(p_user_ids) or g.target_user_id = any(p_user_ids))
),

serial_votes as (
    select
        v.voter_id as user_id,
        v.target_user_id,
        (v.created_at at time zone 'UTC')::date as voted_on,
        count(*) as upvotes
    from upvotes as v
    where p_user_ids is null or v.voter_id = any(p_user_ids)
    group by v.voter_id, v.target_user_id, (v.created_at at time zone 'UTC')::date
),

near_duplicates as (
    -- The content created since p_content_since (null: the whole window)
    -- against everything older, through trust.near_duplicates_since.
    select
        n.id,
        n.user_id,
        n.content_type,
        n.content_id,
        n.match_id,
        n.match_user_id,
        n.similarity
    from trust.near_duplicates_since(p_content_since) as n
)

select
    'VOTE_TRADING' as flag_type,
    t.user_id,
    t.detector_key,
    least(10, 2 + (t.upvotes_given + t.upvotes_received) / 5)::integer as severity,
    jsonb_build_object(
        'partner_id', t.partner_id, 'upvotes_given', t.upvotes_given, 'upvotes_received', t.upvotes_received,
        'reciprocity', t.reciprocity
    ) as details,
    array(
        select row(v.source_table, v.vote_id)::trust.abuse_flag_evidence_row from upvotes as v
        where
            (v.voter_id = t.user_id and v.target_user_id = t.partner_id)
            or (v.voter_id = t.partner_id and v.target_user_id = t.user_id)
    ) as evidence
from vote_trading as t
union all
select
    'SERIAL_VOTING' as flag_type,
    sv.user_id,
    format('serial:%s:%s', sv.target_user_id, sv.voted_on) as detector_key,
    least(10, 3 + sv.upvotes - s.serial_votes_per_day)::integer as severity,
    jsonb_build_object(
        'target_user_id', sv.target_user_id, 'voted_on', sv.voted_on, 'upvotes', sv.upvotes
    ) as details,
    array(
        select row(v.source_table, v.vote_id)::trust.abuse_flag_evidence_row from upvotes as v
        where
            v.voter_id = sv.user_id and v.target_user_id = sv.target_user_id
            and (v.created_at at time zone 'UTC')::date = sv.voted_on
    ) as evidence
from serial_votes as sv
cross join settings as s
where sv.upvotes >= s.serial_votes_per_day
union all
select
    'LOW_ENTROPY' as flag_type,
    e.user_id,
    'entropy' as detector_key,
    least(10, 1 + round(9 * (s.entropy_max - e.entropy) / s.entropy_max))::integer as severity,
    jsonb_build_object('votes_given', e.votes_given, 'targets', e.targets, 'entropy', e.entropy) as details,
    array(
        select row(v.source_table, v.vote_id)::trust.abuse_flag_evidence_row from upvotes as v
        where v.voter_id = e.user_id
    ) as evidence
from trust.interaction_entropy as e
cross join settings as s
where
    e.votes_given >= s.entropy_min_votes and e.entropy < s.entropy_max
    and (p_user_ids is null or e.user_id = any(p_user_ids))
union all
select
    'SIMILARITY_HIGH' as flag_type,
    d.user_id,
    format('content:%s', d.id) as detector_key,
    least(10, 4 + count(*))::integer as severity,
    jsonb_build_object(
        'content_type', min(d.content_type), 'content_id', min(d.content_id),
        'matches', jsonb_agg(
            jsonb_build_object('embedding_id', d.match_id, 'user_id', d.match_user_id, 'similarity', d.similarity)
            order by d.match_id
        )
    ) as details,
    array_prepend(
        row('trust.content_embeddings', d.id)::trust.abuse_flag_evidence_row,
        array_agg(row('trust.content_embeddings', d.match_id)::trust.abuse_flag_evidence_row order by d.match_id)
    ) as evidence
from near_duplicates as d
group by d.id, d.user_id;
end;
$$;
comment on function trust.abuse_findings_of(bigint[], timestamp with time zone) is
'The abuse detectors for the users given (votes given or received) and the content created since the '
'time given; null: everyone, the whole similarity window.';

create function trust.create_trust_score()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
begin
    insert into trust.trust_scores (user_id) values (new.id) on conflict (user_id) do nothing;
    return null;
end;
$$;
comment on function trust.create_trust_score() is
'AFTER INSERT on core.users: gives the new user the neutral trust score (0.5).';

create function trust.fill_evidence_user()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
declare
    flagged bigint;
begin
    select f.user_id into flagged from trust.abuse_flags as f where f.id = new.flag_id;
    new.user_id := coalesce(new.user_id, flagged);
    -- No flag: the foreign key on flag_id refuses the row.
    if flagged is not null and new.user_id <> flagged then
        raise exception 'user_id % is not the user of abuse flag %', new.user_id, new.flag_id
        using errcode = 'foreign_key_violation';
    end if;
    return new;
end;
$$;
comment on function trust.fill_evidence_user() is
'BEFORE INSERT OR UPDATE on trust.abuse_flag_evidence: fills user_id from the flag, refuses another '
'user.';

create function trust.keep_embedded_contents()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
begin
    if tg_op = 'UPDATE' and (new.content_type, new.content_id, new.user_id)
        is not distinct from (old.content_type, old.content_id, old.user_id) then
        return null;
    end if;
    if tg_op <> 'INSERT' then
        delete from trust.embedded_contents as c
        where c.content_type = old.content_type and c.content_id = old.content_id and c.user_id = old.user_id;
    end if;
    if tg_op <> 'DELETE' then
        begin
            insert into trust.embedded_contents (content_type, content_id, user_id)
            values (new.content_type, new.content_id, new.user_id);
        exception when unique_violation then
            raise exception 'duplicate key value violates unique constraint "%"',
                'content_embeddings_content_type_content_id_key'
            using errcode = 'unique_violation', constraint = 'content_embeddings_content_type_content_id_key',
            schema = 'trust', table = 'content_embeddings',
            detail = format('Key (content_type, content_id)=(%s, %s) already exists.', new.content_type,
                            new.content_id);
        end;
    end if;
    return null;
end;
$$;
comment on function trust.keep_embedded_contents() is
'AFTER INSERT, UPDATE OF content_type, content_id, user_id OR DELETE on trust.content_embeddings: '
'keeps trust.embedded_contents, refusing a second embedding of a content (a uniqueness Citus '
'cannot check across shards).';

create function trust.keep_evidence_of_reviews_final()
returns trigger
language plpgsql
as $$
declare
    reviewed_status text;
begin
    -- A flag deleted with its user takes its evidence along (cascade): the
    -- flag is gone by then and nothing is refused.
    select f.status into reviewed_status
    from trust.abuse_flags as f
    where f.id = coalesce(new.flag_id, old.flag_id) and f.status <> 'PENDING';
    if found then
        raise exception 'abuse flag % was already reviewed (%): its evidence is final',
            coalesce(new.flag_id, old.flag_id), reviewed_status
            using errcode = 'check_violation';
    end if;
    return coalesce(new, old);
end;
$$;
comment on function trust.keep_evidence_of_reviews_final() is
'BEFORE a change to trust.abuse_flag_evidence: the evidence of a reviewed flag no longer changes.';

create function trust.keep_reviewed_flags()
returns trigger
language plpgsql
as $$
begin
    if old.status <> 'PENDING' and not core.caller_is_owner() then
        raise exception 'abuse flag % was reviewed (%): a decided flag is permanent', old.id, old.status
            using errcode = 'restrict_violation';
    end if;
    return old;
end;
$$;
comment on function trust.keep_reviewed_flags() is
'BEFORE DELETE on trust.abuse_flags: a reviewed flag is kept (only the owner role may delete one).';

create function trust.keep_reviews_final()
returns trigger
language plpgsql
as $$
begin
    if old.status <> 'PENDING'
        and (new.status, new.reviewed_by, new.reviewed_at, new.details, new.severity)
        is distinct from (old.status, old.reviewed_by, old.reviewed_at, old.details, old.severity) then
        raise exception 'abuse flag % was already reviewed (%): a review is final', old.id, old.status
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;
comment on function trust.keep_reviews_final() is
'BEFORE UPDATE on trust.abuse_flags: a reviewed flag (CONFIRMED, FALSE_POSITIVE) no longer changes.';

create function trust.moderate(
    p_admin_id bigint,
    p_user_id bigint,
    p_action text,
    p_reason text,
    p_until timestamp with time zone default null::timestamp with time zone,
    p_details jsonb default null::jsonb
)
returns setof trust.moderation_logs
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
declare
    target core.users;
begin
    select * into target from core.users as u where u.id = p_user_id for update;
    if not found then
        raise exception 'no user with id %', p_user_id using errcode = 'no_data_found';
    end if;
    if p_admin_id = p_user_id or not exists (select 1 from core.users as u where u.id = p_admin_id) then
        raise exception 'moderator % must be another, existing user', p_admin_id using errcode = 'check_violation';
    end if;
    if coalesce(btrim(p_reason), '') = '' then
        raise exception 'a moderation action needs a reason' using errcode = 'check_violation';
    end if;
    if (p_action = 'SUSPEND') <> (p_until is not null) or p_until <= now() then
        raise exception 'SUSPEND needs an end in the future (until), and only SUSPEND takes one'
            using errcode = 'check_violation';
    end if;
    update core.users as u
    set
        is_suspended = case p_action when 'SUSPEND' then true when 'BAN' then true
            when 'RESTORE' then false else u.is_suspended end,
        suspended_until = case p_action when 'SUSPEND' then p_until when 'BAN' then null
            when 'RESTORE' then null else u.suspended_until end,
        is_shadow_banned = case p_action when 'SHADOW_BAN' then true when 'RESTORE' then false
            else u.is_shadow_banned end
    where u.id = p_user_id
    returning * into target;
    return query
    insert into trust.moderation_logs (admin_id, target_user_id, action, reason, details)
    values (
        p_admin_id, p_user_id, p_action, p_reason,
        coalesce(p_details, '{}') || jsonb_build_object(
            'is_suspended', target.is_suspended, 'suspended_until', target.suspended_until,
            'is_shadow_banned', target.is_shadow_banned
        )
    )
    returning *;
end;
$$;
comment on function trust.moderate(bigint, bigint, text, text, timestamp with time zone, jsonb) is
'Warns, suspends (until a time), bans, shadow-bans or restores a user and logs it with the admin and '
'reason.';

create function trust.near_duplicates_since(p_content_since timestamp with time zone)
returns table (
    id bigint,
    user_id bigint,
    content_type text,
    content_id bigint,
    match_id bigint,
    match_user_id bigint,
    similarity numeric
)
language plpgsql
stable
set search_path to 'pg_catalog', 'pg_temp'
as $$
#variable_conflict use_column
declare
    similarity_min double precision := core.setting_numeric('abuse_similarity_min');
    since timestamptz := greatest(
        now() - make_interval(days => core.setting_numeric('abuse_similarity_window_days')::integer),
        coalesce(p_content_since, '-infinity')
    );
    -- The schema pgvector was created in (quoted as an identifier), when its index on the embeddings
    -- is there and valid.
    vector_schema text := (
        select e.extnamespace::regnamespace::text
        from pg_extension as e
        where
            e.extname = 'vector'
            and exists (
                select from pg_index as i
                where i.indexrelid = to_regclass('trust.idx_content_embeddings_ann') and i.indisvalid
            )
    );
begin
    if vector_schema is not null then
        -- Nearest neighbours: each new item's 40 nearest through the HNSW index.
        return query execute format(
            $sql$
            select
                b.id,
                b.user_id,
                b.content_type,
                b.content_id,
                a.id,
                a.user_id,
                round(trust.cosine_similarity(a.embedding, b.embedding)::numeric, 4)
            from trust.content_embeddings as b
            cross join lateral (
                select c.id, c.user_id, c.created_at, c.embedding
                from trust.content_embeddings as c
                order by c.embedding::%1$s.vector(384) operator(%1$s.<=>) b.embedding::%1$s.vector(384)
                limit 40
            ) as a
            where
                b.created_at >= $1
                and (a.created_at, a.id) < (b.created_at, b.id)
                and trust.cosine_similarity(a.embedding, b.embedding) >= $2
            $sql$,
            vector_schema
        ) using since, similarity_min;
    elsif similarity_min < 0.9 then
        -- Exhaustive: every new item against every older one.
        return query
        select
            b.id,
            b.user_id,
            b.content_type,
            b.content_id,
            a.id,
            a.user_id,
            round(trust.cosine_similarity(a.embedding, b.embedding)::numeric, 4)
        from trust.content_embeddings as b
        inner join trust.content_embeddings as a on (a.created_at, a.id) < (b.created_at, b.id)
        where b.created_at >= since and trust.cosine_similarity(a.embedding, b.embedding) >= similarity_min;
    else
        -- Bounded: each new item against the older items sharing one of its buckets.
        return query
        select
            b.id,
            b.user_id,
            b.content_type,
            b.content_id,
            a.id,
            a.user_id,
            round(trust.cosine_similarity(a.embedding, b.embedding)::numeric, 4)
        from trust.content_embeddings as b
        inner join trust.content_embeddings as a
            on a.lsh_buckets && b.lsh_buckets and (a.created_at, a.id) < (b.created_at, b.id)
        where b.created_at >= since and trust.cosine_similarity(a.embedding, b.embedding) >= similarity_min;
    end if;
end;
$$;
comment on function trust.near_duplicates_since(timestamp with time zone) is
'Content created since the time given (null: the similarity window) with every older item at least '
'abuse_similarity_min alike; candidates are the 40 nearest through pgvector''s HNSW index where '
'sql/optional/pgvector.sql built it, else those sharing a locality-sensitive bucket (threshold 0.9 or '
'more).';

create function trust.recompute_trust_scores(p_user_ids bigint[] default null::bigint[])
returns table (scores_changed bigint, caches_changed bigint)
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
begin
    -- PL/pgSQL plans with the users given (a custom plan), so each aggregate reads only theirs.
    return query
    with updated as (
        update trust.trust_scores as t
        set
            score = c.score,
            mastery_reliability = c.mastery_reliability,
            nli_track_record = c.nli_track_record,
            community_validation = c.community_validation,
            account_age_trust = c.account_age_trust,
            interaction_entropy = c.interaction_entropy,
            vote_pattern_score = c.vote_pattern_score,
            similarity_flags = c.similarity_flags,
            abuse_flags = c.abuse_flags,
            historical_low = least(t.historical_low, c.score),
            historical_high = greatest(t.historical_high, c.score),
            last_updated = now()
        from trust.components_of(p_user_ids) as c
        where
            t.user_id = c.user_id
            and (
                t.score, t.mastery_reliability, t.nli_track_record, t.community_validation, t.account_age_trust,
                t.interaction_entropy, t.vote_pattern_score, t.similarity_flags, t.abuse_flags
            ) is distinct from (
                c.score, c.mastery_reliability, c.nli_track_record, c.community_validation, c.account_age_trust,
                c.interaction_entropy, c.vote_pattern_score, c.similarity_flags, c.abuse_flags
            )
        returning t.user_id, t.score
    ),

    cached as (
        update core.users as u
        set trust_score_cache = up.score
        from updated as up
        where u.id = up.user_id and u.trust_score_cache <> up.score
        returning u.id
    )

    select
        (select count(*) from updated) as scores_changed,
        (select count(*) from cached) as caches_changed;
end;
$$;
comment on function trust.recompute_trust_scores(bigint[]) is
'Recomputes the trust scores of the given users (null: everyone) from trust.trust_components; writes '
'only changes.';

create function trust.record_fact_check(
    p_user_id bigint,
    p_generated_text text,
    p_context_used text,
    p_claims jsonb,
    p_overall_confidence numeric,
    p_action_taken text
)
returns setof trust.fact_check_logs
language plpgsql
as $$
begin
    if jsonb_typeof(p_claims) is distinct from 'array' or exists (
        select 1 from jsonb_array_elements(p_claims) as c
        where c ->> 'label' is null or c ->> 'label' not in ('entailment', 'contradiction', 'neutral')
    ) then
        raise exception 'claims must be an array of objects with label entailment, contradiction or neutral'
            using errcode = 'check_violation';
    end if;
    return query
    insert into trust.fact_check_logs (
        user_id, generated_text, context_used, claims_checked, entailment_count, contradiction_count,
        neutral_count, overall_confidence, safe_to_display, checks, action_taken
    )
    select
        p_user_id, p_generated_text, p_context_used, count(*),
        count(*) filter (where c ->> 'label' = 'entailment'),
        count(*) filter (where c ->> 'label' = 'contradiction'),
        count(*) filter (where c ->> 'label' = 'neutral'),
        p_overall_confidence, p_action_taken in ('DISPLAY', 'DISPLAY_WITH_WARNING'), p_claims, p_action_taken
    from jsonb_array_elements(p_claims) as c
    returning *;
end;
$$;
comment on function trust.record_fact_check(bigint, text, text, jsonb, numeric, text) is
'Logs a fact-check: counts from the labelled claims, safe_to_display from the action.';

create function trust.refuse_shadow_banned_votes()
returns trigger
language plpgsql
as $$
begin
    if new.corrects_id is null and not core.caller_is_owner() and exists (
        select 1
        from community.answer_votes as v
        inner join core.users as u on v.voter_id = u.id
        where new.source_id = 'community.answer_votes:' || v.id and u.is_shadow_banned
        union all
        select 1
        from community.doubt_votes as v
        inner join core.users as u on v.voter_id = u.id
        where new.source_id = 'community.doubt_votes:' || v.id and u.is_shadow_banned
    ) then
        raise exception 'reputation from a shadow-banned voter''s vote (%) is not given', new.source_id
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;
comment on function trust.refuse_shadow_banned_votes() is
'BEFORE INSERT on reward.reputation_ledger: no reputation from a shadow-banned voter''s vote (but for '
'the owner).';

create function trust.refuse_suspended_actor()
returns trigger
language plpgsql
as $$
declare
    -- Trigger arguments: the column naming the user who acts; optionally the
    -- amount column (XP ledger: only a new, positive award is refused).
    actor bigint := (to_jsonb(new) ->> tg_argv[0])::bigint;
    amount numeric := (to_jsonb(new) ->> tg_argv[1])::numeric;
begin
    if tg_nargs > 1 and (amount <= 0 or to_jsonb(new) ->> 'corrects_id' is not null) then
        return new;
    end if;
    if not core.user_may_act(actor) then
        raise exception 'user % is suspended or banned: % refused', actor, core.written_table_name(tg_relid)
            using errcode = 'insufficient_privilege';
    end if;
    return new;
end;
$$;
comment on function trust.refuse_suspended_actor() is
'BEFORE INSERT: refuses the row when the user it names (arg 1) is suspended or banned; with an amount '
'column (arg 2), only new positive amounts.';

create function trust.reverse_serial_votes()
returns trigger
language plpgsql
as $$
begin
    -- Each ledger row a flagged vote produced is taken back once: rows
    -- taken back already (a retracted vote) are skipped.
    insert into reward.reputation_ledger (user_id, event_type, change, reason, source_id, corrects_id)
    select
        r.user_id,
        'SERIAL_VOTE_REVERSED',
        -r.change,
        format('serial voting confirmed by abuse flag %s', new.id),
        r.source_id,
        r.id
    from (
        select distinct e.source_table || ':' || e.source_id as source_id
        from trust.abuse_flag_evidence as e
        where e.flag_id = new.id
    ) as flagged
    inner join reward.reputation_ledger as r on flagged.source_id = r.source_id
    where
        r.corrects_id is null
        and r.change <> 0
        and not exists (
            select from reward.reputation_ledger as c
            where c.corrects_id = r.id and c.user_id = r.user_id
        )
    order by r.id;
    return null;
end;
$$;
comment on function trust.reverse_serial_votes() is
'AFTER a SERIAL_VOTING flag is confirmed: compensating reputation rows for every ledger row its votes '
'produced.';

create function trust.set_lsh_buckets()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
begin
    new.lsh_buckets := trust.lsh_buckets(new.embedding);
    return new;
end;
$$;
comment on function trust.set_lsh_buckets() is
'BEFORE INSERT OR UPDATE OF embedding on trust.content_embeddings: computes lsh_buckets.';

create function trust.score_from_components(
    mastery_reliability numeric,
    nli_track_record numeric,
    community_validation numeric,
    account_age_trust numeric,
    interaction_entropy numeric,
    vote_pattern_score numeric,
    similarity_flags integer,
    abuse_flags integer,
    ip_clustering_risk numeric
) returns numeric
language sql immutable parallel safe
return round(greatest(0, least(
    1,
    0.25 * mastery_reliability + 0.15 * nli_track_record + 0.25 * community_validation
    + 0.10 * account_age_trust + 0.10 * interaction_entropy + 0.15 * vote_pattern_score
    - 0.05 * similarity_flags - 0.10 * abuse_flags - 0.20 * ip_clustering_risk
)), 4);
comment on function trust.score_from_components(
    numeric, numeric, numeric, numeric, numeric, numeric, integer, integer, numeric
) is
'The one trust formula: 0.25 mastery + 0.15 NLI + 0.25 community + 0.10 age + 0.10 entropy + 0.15 '
'vote pattern, minus 0.05 per similarity flag, 0.10 per other abuse flag and 0.20 x IP clustering '
'risk, clamped to 0..1.';

create function trust.components_of(p_user_ids bigint[])
returns table (
    user_id bigint,
    mastery_reliability numeric,
    nli_track_record numeric,
    community_validation numeric,
    account_age_trust numeric,
    interaction_entropy numeric,
    vote_pattern_score numeric,
    similarity_flags integer,
    abuse_flags integer,
    ip_clustering_risk numeric,
    score numeric
)
language sql
stable
as $$
with mastery as (
    select
        m.user_id,
        avg(m.mastery) as mastery_reliability
    from learn.mastery_records as m
    where p_user_ids is null or m.user_id = any(p_user_ids)
    group by m.user_id
),

fact_checks as (
    -- Five imaginary checks at the seed's default 0.7 keep a user with a
    -- single check from jumping to 0 or 1.
    select
        f.user_id,
        (count(*) filter (where f.safe_to_display) + 0.7 * 5) / (count(*) + 5) as nli_track_record
    from trust.fact_check_logs as f
    where f.user_id is not null and (p_user_ids is null or f.user_id = any(p_user_ids))
    group by f.user_id
),

flags as (
    select
        f.user_id,
        count(*) filter (where f.flag_type = 'SIMILARITY_HIGH') as similarity_flags,
        count(*) filter (where f.flag_type <> 'SIMILARITY_HIGH') as abuse_flags
    from trust.abuse_flags as f
    where f.status <> 'FALSE_POSITIVE' and (p_user_ids is null or f.user_id = any(p_user_ids))
    group by f.user_id
),

components as (
    select
        u.id as user_id,
        round(coalesce(m.mastery_reliability, 0.5), 4) as mastery_reliability,
        round(coalesce(fc.nli_track_record, 0.7), 4) as nli_track_record,
        -- Laplace smoothing: no votes is 0.5, all upvotes tends to 1.
        round(coalesce((v.upvotes_received + 1.0) / (v.votes_received + 2), 0.5), 4) as community_validation,
        -- Trust grows with age in whole days (so it changes once a day):
        -- none on the first day, full after 180 days.
        round(least(1, (current_date - u.created_at::date) / 180.0), 4) as account_age_trust,
        coalesce(v.given_entropy, 1) as interaction_entropy,
        -- The share of a user's votes that came back: 1 - reciprocity,
        -- weighted by the votes of each pair.
        round(coalesce(1 - v.votes_returned / nullif(v.votes_given, 0), 1), 4) as vote_pattern_score,
        coalesce(f.similarity_flags, 0)::integer as similarity_flags,
        coalesce(f.abuse_flags, 0)::integer as abuse_flags,
        -- No IP data is stored here: the risk another system measured is kept.
        coalesce(t.ip_clustering_risk, 0) as ip_clustering_risk
    from core.users as u
    left join trust.trust_scores as t on u.id = t.user_id
    left join mastery as m on u.id = m.user_id
    left join fact_checks as fc on u.id = fc.user_id
    left join community.user_vote_totals as v on u.id = v.user_id
    left join flags as f on u.id = f.user_id
    where p_user_ids is null or u.id = any(p_user_ids)
)

select
    c.*,
    trust.score_from_components(
        c.mastery_reliability, c.nli_track_record, c.community_validation, c.account_age_trust,
        c.interaction_entropy, c.vote_pattern_score, c.similarity_flags, c.abuse_flags, c.ip_clustering_risk
    ) as score
from components as c;
$$;
comment on function trust.components_of(bigint[]) is
'The trust components and score of the given users (null: everyone), from the data now.';

create function trust.cosine_similarity(a real[], b real[])
returns double precision
language sql
immutable parallel safe strict
as $$
    -- cos(a, b) = a.b / (|a| |b|); NULL when either vector is all zeros.
    select sum(x * y) / nullif(sqrt(sum(x * x)) * sqrt(sum(y * y)), 0)
    from unnest(a, b) as v (x, y);
$$;
comment on function trust.cosine_similarity(real[], real[]) is
'Cosine similarity of two equal-length vectors, in plain SQL (pgvector''s <=> is 1 minus this).';

create function trust.lsh_buckets(p_embedding real[])
returns integer[]
language sql
stable parallel safe
set search_path to 'pg_catalog', 'pg_temp'
as $$
    -- One value per band: band * 4096 + the 12-bit bucket of the signs.
    select array_agg(b.band * 4096 + b.bucket order by b.band)
    from (
        select
            h.band,
            sum((1 << h.sign_bit) * (d.dot > 0)::integer)::integer as bucket
        from trust.lsh_hyperplanes as h
        cross join lateral (
            select sum(v.x * v.y) as dot from unnest(p_embedding, h.direction) as v (x, y)
        ) as d
        group by h.band
    ) as b;
$$;
comment on function trust.lsh_buckets(real[]) is
'The 16 locality-sensitive buckets of an embedding (band * 4096 + the signs of its 12 dot products).';

-- Views

create view trust.abuse_findings as
select
    f.flag_type,
    f.user_id,
    f.detector_key,
    f.severity,
    f.details,
    f.evidence
from trust.abuse_findings_of(null, null) as f;
comment on view trust.abuse_findings is
'What the detectors find now: vote trading (vote graph), serial voting (per UTC day), low interaction '
'entropy, near-duplicate content (embeddings). One row per flag (flag_type, user_id, detector_key), '
'with its evidence.';

create view trust.trust_components as
select
    c.user_id,
    c.mastery_reliability,
    c.nli_track_record,
    c.community_validation,
    c.account_age_trust,
    c.interaction_entropy,
    c.vote_pattern_score,
    c.similarity_flags,
    c.abuse_flags,
    c.ip_clustering_risk,
    c.score
from trust.components_of(null) as c;
comment on view trust.trust_components is
'Every user''s trust components computed from the data now, and the score trust.score_from_components '
'gives.';

create view trust.interaction_entropy as
select
    v.user_id,
    v.votes_given::bigint as votes_given,
    v.pairs_given::bigint as targets,
    v.given_entropy as entropy
from community.user_vote_totals as v
where v.pairs_given > 0;
comment on view trust.interaction_entropy is
'Per voter, from the vote graph: votes given, distinct targets, and the normalised entropy of the '
'targets (0..1).';

-- Triggers

create trigger answer_votes_refuse_suspended
before insert on community.answer_votes
for each row
execute function trust.refuse_suspended_actor('voter_id');

create trigger answers_refuse_suspended
before insert on community.answers
for each row
execute function trust.refuse_suspended_actor('author_id');

create trigger doubt_votes_refuse_suspended
before insert on community.doubt_votes
for each row
execute function trust.refuse_suspended_actor('voter_id');

create trigger doubts_refuse_suspended
before insert on community.doubts
for each row
execute function trust.refuse_suspended_actor('author_id');

create trigger users_create_trust_score
after insert on core.users
for each row
execute function trust.create_trust_score();

create trigger game_sessions_refuse_suspended
before insert on play.game_sessions
for each row
execute function trust.refuse_suspended_actor('user_id');

create trigger reputation_ledger_accept_votes
before insert on reward.reputation_ledger
for each row
execute function trust.refuse_shadow_banned_votes();

create trigger xp_ledger_refuse_suspended
before insert on reward.xp_ledger
for each row
execute function trust.refuse_suspended_actor('user_id', 'final_xp');

create trigger abuse_flag_evidence_fill_user
before insert or update of flag_id, user_id on trust.abuse_flag_evidence
for each row
execute function trust.fill_evidence_user();

create trigger abuse_flag_evidence_keep_reviews_final
before insert or delete or update of flag_id, source_table, source_id on trust.abuse_flag_evidence
for each row
execute function trust.keep_evidence_of_reviews_final();

create trigger abuse_flags_keep_reviewed
before delete on trust.abuse_flags
for each row
execute function trust.keep_reviewed_flags();

create trigger abuse_flags_keep_reviews_final
before update on trust.abuse_flags
for each row
execute function trust.keep_reviews_final();

create trigger abuse_flags_log_event
after insert on trust.abuse_flags
for each row
execute function core.log_event('abuse_flag.created', 'user_id', 'flag_type,severity');

create trigger abuse_flags_reverse_serial_votes
after update of status on trust.abuse_flags
for each row when (
    (
        (new.flag_type = 'SERIAL_VOTING'::text)
        and (new.status = 'CONFIRMED'::text)
        and (old.status = 'PENDING'::text)
    )
)
execute function trust.reverse_serial_votes();

create trigger abuse_flags_reviewer_names_a_user
after insert or update of reviewed_by on trust.abuse_flags
for each row
execute function core.refuse_unknown_users('reviewed_by');

create trigger content_embeddings_keep_contents
after insert or delete or update of content_type, content_id, user_id on trust.content_embeddings
for each row
execute function trust.keep_embedded_contents();

create trigger content_embeddings_set_lsh_buckets
before insert or update of embedding on trust.content_embeddings
for each row
execute function trust.set_lsh_buckets();

create trigger fact_check_logs_user_names_a_user
after insert or update of user_id on trust.fact_check_logs
for each row
execute function core.refuse_unknown_users('user_id');

create trigger moderation_logs_log_event
after insert on trust.moderation_logs
for each row
execute function core.log_event('moderation.logged', 'target_user_id', 'action,admin_id');

create trigger moderation_logs_users_name_users
after insert or update of admin_id, target_user_id on trust.moderation_logs
for each row
execute function core.refuse_unknown_users('admin_id', 'target_user_id');

create trigger trust_scores_log_score_change
after update of score on trust.trust_scores
for each row when ((new.score <> old.score))
execute function core.log_event('trust.score_changed', 'user_id', 'score');

-- Monthly partitions: registered here, created (and dropped past retention) by core.maintain_partitions()

insert into core.partitioned_tables (table_name, retention_setting, keep_while, why) values
(
    'trust.fact_check_logs',
    null,
    null,
    'fact checks of AI-generated text; read by time and user; no retention: its months are kept'
),
('trust.moderation_logs', null, null, 'every moderation action, an audit log; no retention: its months are kept');

select
    table_name,
    partition_name,
    action
from core.maintain_partitions();
