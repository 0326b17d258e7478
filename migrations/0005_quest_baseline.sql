-- The quest module (seed 002): therapeutic and educational quests built in
-- an AI builder session, reviewed by a registered psychologist, published to
-- a public marketplace with ratings, and played by children whose progress
-- is stored only with a parent's consent; recovery tracks.
--
-- Why the rules live here:
-- - A quest is public only with an approved review by a psychologist whose
--   registration is current (checked when the review is written).
-- - A child's progress is written and synced only while the parent consents
--   (child_privacy_settings); a trigger refuses it otherwise.
-- - The quest graph is validated as JSON (nodes, edges) by CHECK, so a broken
--   graph never reaches a player.

-- Functions the tables' CHECK constraints call

create function quest.check_graph_structure(document jsonb, field text)
returns boolean
language plpgsql
immutable
as $$
declare
    node_ids text[];
    bad text;
begin
    if document is null then
        return true;
    end if;
    if jsonb_typeof(document) <> 'object'
        or jsonb_typeof(document -> 'nodes') is distinct from 'array'
        or jsonb_typeof(document -> 'edges') is distinct from 'array' then
        raise exception '% must be {"nodes": [...], "edges": [...]}', field using errcode = 'check_violation';
    end if;
    select array_agg(n ->> 'id') into node_ids from jsonb_array_elements(document -> 'nodes') as n;
    if exists (select 1 from unnest(node_ids) as i where i is null)
        or cardinality(node_ids) <> (select count(distinct i) from unnest(node_ids) as i) then
        raise exception '% needs a unique "id" on every node', field using errcode = 'check_violation';
    end if;
    select coalesce(e ->> 'source', '?') || ' -> ' || coalesce(e ->> 'target', '?') into bad
    from jsonb_array_elements(document -> 'edges') as e
    where not coalesce((e ->> 'source') = any(node_ids) and (e ->> 'target') = any(node_ids), false)
    limit 1;
    if bad is not null then
        raise exception '% has an edge % that does not join two existing nodes', field, bad
            using errcode = 'check_violation';
    end if;
    return true;
end;
$$;
comment on function quest.check_graph_structure(jsonb, text) is
'CHECK helper: a quest graph is {"nodes": [{"id"}...], "edges": [{"source", "target"}...]} with edges '
'between nodes.';

-- Tables

create table quest.child_privacy_settings (
    id bigint generated always as identity,
    user_id bigint not null,
    child_display_name text,
    progress_sync_consent boolean default false not null,
    consent_updated_at timestamp with time zone,
    created_at timestamp with time zone default now() not null,
    constraint child_privacy_settings_pkey primary key (id, user_id),
    constraint child_privacy_settings_user_id_key unique (user_id),
    constraint child_privacy_settings_user_id_fkey foreign key (user_id) references core.users (id)
);
comment on table quest.child_privacy_settings is
'A child''s privacy choices, set by the parent account; progress is synced only with consent.';
comment on column quest.child_privacy_settings.progress_sync_consent is
'The parent consents to the child''s quest progress being stored and synced with inner_edu.';

create table quest.quests (
    id bigint generated always as identity,
    quest_id text not null,
    user_id bigint not null,
    title text not null,
    quest_yaml text,
    moderation_status text default 'pending' not null,
    deployed_to_inner_edu boolean default false not null,
    inner_edu_quest_id uuid,
    created_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null,
    graph_structure jsonb,
    psychological_module text,
    location text,
    age_range text,
    is_public boolean default false not null,
    rating numeric(3, 2),
    plays_count integer default 0 not null,
    psychologist_reviewed boolean default false not null,
    reviewed_at timestamp with time zone,
    reveal_count integer default 0 not null,
    last_reveal_at timestamp with time zone,
    psychologist_review_id bigint,
    constraint quests_pkey primary key (id),
    constraint quests_inner_edu_quest_id_key unique (inner_edu_quest_id),
    constraint quests_quest_id_key unique (quest_id),
    constraint quests_age_range_check check (
        case
            when
                (age_range ~ '^[0-9]{1,2}-[0-9]{1,2}$'::text)
                then ((split_part(age_range, '-'::text, 1))::integer <= (split_part(age_range, '-'::text, 2))::integer)
            else (age_range is null)
        end
    ),
    constraint quests_counts_check check (
        (rating >= 1 and rating <= 5) and (plays_count >= 0) and (reveal_count >= 0)
    ),
    constraint quests_deployment_check check (not deployed_to_inner_edu or inner_edu_quest_id is not null),
    constraint quests_graph_structure_check check (
        quest.check_graph_structure(graph_structure, 'quests.graph_structure')
    ),
    constraint quests_moderation_status_check check (
        moderation_status in ('pending', 'approved', 'rejected', 'flagged')
    ),
    constraint quests_public_needs_review_check check (not is_public or psychologist_reviewed)
);
comment on table quest.quests is 'A quest a parent created for a child (seed 002 baseline; extended by its change).';
comment on column quest.quests.quest_id is 'Public quest id: the bridge to inner_edu and the REST API.';
comment on column quest.quests.user_id is 'The parent who created the quest.';
comment on column quest.quests.quest_yaml is 'The quest as YAML; generated from graph_structure since seed 002.';
comment on column quest.quests.moderation_status is 'Closed set: pending, approved, rejected, flagged.';
comment on column quest.quests.deployed_to_inner_edu is 'Whether the quest was synced to the inner_edu platform.';
comment on column quest.quests.inner_edu_quest_id is 'The quest''s UUID on inner_edu, once deployed.';
comment on column quest.quests.graph_structure is
'PRIMARY storage of the quest (seed 002): {"nodes": [...], "edges": [...]}, inner_edu''s format.';
comment on column quest.quests.psychological_module is 'Therapy approach: IFS, DBT, CBT, ACT, ...';
comment on column quest.quests.location is 'Where in the game world the quest takes place.';
comment on column quest.quests.age_range is 'Ages the quest suits, "low-high", e.g. 7-9.';
comment on column quest.quests.is_public is 'Shown in the public marketplace (only once a psychologist approved it).';
comment on column quest.quests.rating is 'Derived: average of quest_ratings.rating, 2 decimals; NULL when unrated.';
comment on column quest.quests.plays_count is 'Derived: play sessions recorded in quest_progress.';
comment on column quest.quests.psychologist_reviewed is 'Derived: an approved psychologist review exists.';
comment on column quest.quests.reviewed_at is 'Derived: when that review was approved.';
comment on column quest.quests.reveal_count is 'Times a parent viewed the completion (reveal) message.';
comment on column quest.quests.last_reveal_at is 'Last time the reveal message was viewed.';
comment on column quest.quests.psychologist_review_id is 'Derived: the quest''s review (seed 002, 1:1).';
create index idx_quests_is_public on quest.quests (rating desc nulls last, id) where is_public;
create index idx_quests_psychological_module on quest.quests (psychological_module);
create index idx_quests_psychologist_review_id on quest.quests (psychologist_review_id);
create index idx_quests_user_id on quest.quests (user_id);

create table quest.psychologist_reviews (
    id bigint generated always as identity,
    quest_id bigint not null,
    reviewer_id bigint not null,
    emotional_safety_score integer not null,
    therapeutic_correctness_score integer not null,
    age_appropriateness_score integer not null,
    reveal_timing_score integer not null,
    strengths text,
    concerns text,
    recommendations text,
    is_approved boolean default false not null,
    reviewed_at timestamp with time zone,
    created_at timestamp with time zone default now() not null,
    constraint psychologist_reviews_pkey primary key (id),
    constraint psychologist_reviews_quest_id_key unique (quest_id),
    constraint psychologist_reviews_decision_check check (not is_approved or reviewed_at is not null),
    constraint psychologist_reviews_scores_check check (
        (
            (emotional_safety_score >= 1 and emotional_safety_score <= 5)
            and (therapeutic_correctness_score >= 1 and therapeutic_correctness_score <= 5)
            and (age_appropriateness_score >= 1 and age_appropriateness_score <= 5)
            and (reveal_timing_score >= 1 and reveal_timing_score <= 5)
        )
    ),
    constraint psychologist_reviews_quest_id_fkey foreign key (quest_id) references quest.quests (id)
);
comment on table quest.psychologist_reviews is
'A psychologist''s review of one quest (seed 002): four 1..5 scores, feedback, approval.';
comment on column quest.psychologist_reviews.reviewer_id is 'The psychologist (a user) who reviewed.';
comment on column quest.psychologist_reviews.is_approved is 'Approved for the public marketplace.';
comment on column quest.psychologist_reviews.reviewed_at is 'When the review was decided (approved or not).';
create index idx_psychologist_reviews_is_approved on quest.psychologist_reviews (is_approved);
create index idx_psychologist_reviews_reviewed_at on quest.psychologist_reviews (reviewed_at);
create index idx_psychologist_reviews_reviewer_id on quest.psychologist_reviews (reviewer_id);

create table quest.psychologists (
    user_id bigint not null,
    licence_number text not null,
    verified_at timestamp with time zone default now() not null,
    verified_by text not null,
    revoked_at timestamp with time zone,
    constraint psychologists_pkey primary key (user_id),
    constraint psychologists_licence_number_check check (btrim(licence_number) <> ''),
    constraint psychologists_revoked_check check (revoked_at is null or revoked_at >= verified_at)
);
comment on table quest.psychologists is
'The psychologists whose licence was verified: only they may review quests (seed 002 '
'PsychologistReview).';
comment on column quest.psychologists.licence_number is
'The professional licence that was checked (a public register entry).';
comment on column quest.psychologists.verified_by is 'Who checked the licence.';
comment on column quest.psychologists.revoked_at is
'When the registration ended; a revoked psychologist reviews no more.';

create table quest.quest_builder_sessions (
    id bigint generated always as identity,
    user_id bigint not null,
    quest_id bigint,
    conversation_history jsonb default '[]'::jsonb not null,
    current_stage text default 'greeting' not null,
    current_graph jsonb,
    quest_context jsonb,
    created_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null,
    constraint quest_builder_sessions_pkey primary key (id, user_id),
    constraint quest_builder_sessions_conversation_history_check check (jsonb_typeof(conversation_history) = 'array'),
    constraint quest_builder_sessions_current_graph_check check (
        quest.check_graph_structure(current_graph, 'quest_builder_sessions.current_graph')
    ),
    constraint quest_builder_sessions_current_stage_check check (
        current_stage in ('greeting', 'collecting_info', 'clarifying', 'generating', 'reviewing', 'quest_ready')
    ),
    constraint quest_builder_sessions_quest_context_check check (
        core.check_jsonb_object(quest_context, 'quest_builder_sessions.quest_context')
    ),
    constraint quest_builder_sessions_quest_id_fkey foreign key (quest_id) references quest.quests (id),
    constraint quest_builder_sessions_user_id_fkey foreign key (user_id) references core.users (id)
);
comment on table quest.quest_builder_sessions is 'An AI quest-building conversation (seed 002); its log.';
comment on column quest.quest_builder_sessions.quest_id is 'The quest the session produced, once quest_ready.';
comment on column quest.quest_builder_sessions.conversation_history is 'Every message of the chat, a JSON array.';
comment on column quest.quest_builder_sessions.current_stage is
'greeting -> collecting_info -> clarifying -> generating -> reviewing -> quest_ready; forward only.';
comment on column quest.quest_builder_sessions.current_graph is 'The quest graph as built so far.';
comment on column quest.quest_builder_sessions.quest_context is 'Child info, memories and preferences gathered.';
create index idx_quest_builder_sessions_quest_id on quest.quest_builder_sessions (quest_id);
create index idx_quest_builder_sessions_user_id_created_at on quest.quest_builder_sessions (user_id, created_at);

create table quest.quest_progress (
    id bigint generated always as identity,
    user_id bigint not null,
    quest_id bigint not null,
    current_step integer default 0 not null,
    completed boolean default false not null,
    session_count integer default 0 not null,
    total_time_minutes numeric(10, 2) default 0 not null,
    last_played_at timestamp with time zone,
    created_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null,
    constraint quest_progress_pkey primary key (id, user_id),
    constraint quest_progress_user_id_quest_id_key unique (user_id, quest_id),
    constraint quest_progress_counts_check check (
        current_step >= 0 and session_count >= 0 and total_time_minutes >= 0
    ),
    constraint quest_progress_quest_id_fkey foreign key (quest_id) references quest.quests (id),
    constraint quest_progress_user_id_fkey foreign key (user_id) references core.users (id)
);
comment on table quest.quest_progress is
'A child''s progress in one quest (seed 002); written and synced only with consent.';
comment on column quest.quest_progress.user_id is 'The account the child plays under (its privacy settings apply).';
comment on column quest.quest_progress.session_count is 'Play sessions; their sum over a quest is its plays_count.';
create index idx_quest_progress_last_played_at on quest.quest_progress (last_played_at);
create index idx_quest_progress_quest_id on quest.quest_progress (quest_id);

create table quest.quest_ratings (
    id bigint generated always as identity,
    user_id bigint not null,
    quest_id bigint not null,
    rating integer not null,
    review_text text,
    created_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null,
    constraint quest_ratings_pkey primary key (id, user_id),
    constraint quest_ratings_user_id_quest_id_key unique (user_id, quest_id),
    constraint quest_ratings_rating_check check (rating between 1 and 5),
    constraint quest_ratings_quest_id_fkey foreign key (quest_id) references quest.quests (id),
    constraint quest_ratings_user_id_fkey foreign key (user_id) references core.users (id)
);
comment on table quest.quest_ratings is 'A user''s 1..5 star rating of a quest, once per quest (seed 002).';
create index idx_quest_ratings_quest_id on quest.quest_ratings (quest_id);

create table quest.user_quest_library (
    id bigint generated always as identity,
    user_id bigint not null,
    quest_id bigint not null,
    added_at timestamp with time zone default now() not null,
    constraint user_quest_library_pkey primary key (id, user_id),
    constraint user_quest_library_user_id_quest_id_key unique (user_id, quest_id),
    constraint user_quest_library_quest_id_fkey foreign key (quest_id) references quest.quests (id),
    constraint user_quest_library_user_id_fkey foreign key (user_id) references core.users (id)
);
comment on table quest.user_quest_library is 'A public quest a user added to their library (seed 002).';
create index idx_user_quest_library_quest_id on quest.user_quest_library (quest_id);

create table quest.user_tracks (
    id bigint generated always as identity,
    user_id bigint not null,
    track_type text not null,
    current_phase text default 'AWARENESS' not null,
    completion_percentage integer default 0 not null,
    total_activities integer default 0 not null,
    completed_activities integer default 0 not null,
    last_activity_at timestamp with time zone,
    created_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null,
    constraint user_tracks_pkey primary key (id, user_id),
    constraint user_tracks_user_id_track_type_key unique (user_id, track_type),
    constraint user_tracks_activities_check check (completed_activities between 0 and total_activities),
    constraint user_tracks_completion_percentage_check check (completion_percentage between 0 and 100),
    constraint user_tracks_current_phase_check check (
        current_phase in ('AWARENESS', 'EXPRESSION', 'ACTION', 'MASTERY')
    ),
    constraint user_tracks_track_type_check check (
        track_type in ('SELF_WORK', 'CHILD_CONNECTION', 'NEGOTIATION', 'COMMUNITY')
    ),
    constraint user_tracks_user_id_fkey foreign key (user_id) references core.users (id)
);
comment on table quest.user_tracks is 'A user''s progress on one recovery track (seed 002).';
comment on column quest.user_tracks.track_type is
'Seed RecoveryTrackEnum, closed set: SELF_WORK, CHILD_CONNECTION, NEGOTIATION, COMMUNITY.';
comment on column quest.user_tracks.current_phase is
'Seed TrackPhaseEnum, closed set: AWARENESS -> EXPRESSION -> ACTION -> MASTERY.';

-- Foreign keys between tables that name each other

-- A quest names its review, and a review its quest: the second key is added once both tables exist.
alter table quest.quests add constraint quests_psychologist_review_id_fkey
foreign key (psychologist_review_id) references quest.psychologist_reviews (id) on delete set null;

-- Functions and procedures

create function quest.decide_review(p_quest_id bigint, p_approved boolean, p_publish boolean)
returns setof quest.quests
language plpgsql
as $$
begin
    update quest.psychologist_reviews
    set is_approved = p_approved, reviewed_at = now()
    where quest_id = p_quest_id;
    if not found then
        raise exception 'quest % has no submitted review to decide', p_quest_id;
    end if;
    return query
    update quest.quests
    set is_public = p_approved and p_publish,
        moderation_status = case when p_approved then 'approved' else moderation_status end
    where id = p_quest_id
    returning *;
end;
$$;
comment on function quest.decide_review(bigint, boolean, boolean) is
'Approves or rejects a quest''s review and (if approved and asked) publishes the quest to the '
'marketplace.';

create function quest.derive_quest_summary()
returns trigger
language plpgsql
as $$
declare
    summary record;
begin
    -- A quest being inserted has no rows in the view yet: the defaults apply.
    select * into summary from quest.quest_summaries as s where s.quest_id = new.id;
    new.psychologist_review_id := summary.psychologist_review_id;
    new.psychologist_reviewed := coalesce(summary.psychologist_reviewed, false);
    new.reviewed_at := summary.reviewed_at;
    new.rating := summary.rating;
    new.plays_count := coalesce(summary.plays_count, 0);
    if tg_op = 'UPDATE' and old.is_public and not new.psychologist_reviewed then
        new.is_public := false;
    end if;
    return new;
end;
$$;
comment on function quest.derive_quest_summary() is
'BEFORE INSERT/UPDATE on quest.quests: sets the summary columns from quest.quest_summaries.';

create function quest.enforce_builder_stage_order()
returns trigger
language plpgsql
as $$
declare
    stages constant text[] := array[
        'greeting', 'collecting_info', 'clarifying', 'generating', 'reviewing', 'quest_ready'
    ];
begin
    if array_position(stages, new.current_stage) < array_position(stages, old.current_stage) then
        raise exception 'builder session % cannot go back from % to %', old.id, old.current_stage, new.current_stage
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;
comment on function quest.enforce_builder_stage_order() is
'BEFORE UPDATE on quest.quest_builder_sessions: current_stage only moves forward.';

create function quest.keep_track_phase_forward()
returns trigger
language plpgsql
as $$
declare
    phases constant text [] := array['AWARENESS', 'EXPRESSION', 'ACTION', 'MASTERY'];
begin
    if array_position(phases, new.current_phase) < array_position(phases, old.current_phase) then
        raise exception 'recovery track % of user % cannot move back from % to %',
            old.track_type, old.user_id, old.current_phase, new.current_phase
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;
comment on function quest.keep_track_phase_forward() is
'BEFORE UPDATE on quest.user_tracks: current_phase moves only forward (AWARENESS, EXPRESSION, ACTION, '
'MASTERY).';

create function quest.publish_builder_session(p_session_id bigint, p_quest_key text, p_title text)
returns setof quest.quests
language plpgsql
as $$
declare
    session quest.quest_builder_sessions;
    created quest.quests;
begin
    select * into session from quest.quest_builder_sessions as s where s.id = p_session_id for update;
    if not found then
        raise exception 'no builder session %', p_session_id using errcode = 'no_data_found';
    end if;
    if session.quest_id is not null then
        raise exception 'builder session % was already published as quest %', p_session_id, session.quest_id
            using errcode = 'check_violation';
    end if;
    if session.current_stage is distinct from 'quest_ready' or session.current_graph is null then
        raise exception 'builder session % is not ready (stage %, graph %)', p_session_id, session.current_stage,
            case when session.current_graph is null then 'missing' else 'present' end
            using errcode = 'check_violation';
    end if;
    insert into quest.quests (quest_id, user_id, title, graph_structure)
    values (p_quest_key, session.user_id, p_title, session.current_graph)
    returning * into created;
    update quest.quest_builder_sessions as s set quest_id = created.id where s.id = p_session_id;
    return next created;
end;
$$;
comment on function quest.publish_builder_session(bigint, text, text) is
'Creates the quest a builder session generated (stage quest_ready, with a graph) and links the '
'session to it.';

create function quest.require_progress_consent()
returns trigger
language plpgsql
as $$
begin
    if not exists (
        select 1 from quest.child_privacy_settings as c
        where c.user_id = new.user_id and c.progress_sync_consent
    ) then
        raise exception 'no consent: the privacy settings of user % do not allow storing quest progress',
            new.user_id;
    end if;
    return new;
end;
$$;
comment on function quest.require_progress_consent() is
'BEFORE INSERT/UPDATE on quest.quest_progress: refuses the write without the child''s consent.';

create function quest.require_psychologist()
returns trigger
language plpgsql
as $$
begin
    if not exists (
        select 1 from quest.psychologists as p
        where p.user_id = new.reviewer_id and p.revoked_at is null
    ) then
        raise exception 'user % is not a verified psychologist: only one may review quest %', new.reviewer_id,
            new.quest_id
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;
comment on function quest.require_psychologist() is
'BEFORE INSERT/UPDATE OF reviewer_id on quest.psychologist_reviews: the reviewer is a registered '
'psychologist.';

create function quest.stamp_consent_change()
returns trigger
language plpgsql
as $$
begin
    if tg_op = 'INSERT' or new.progress_sync_consent is distinct from old.progress_sync_consent then
        new.consent_updated_at := now();
    end if;
    return new;
end;
$$;
comment on function quest.stamp_consent_change() is
'BEFORE INSERT/UPDATE on quest.child_privacy_settings: records when consent was given or revoked.';

create function quest.touch_summarised_quest()
returns trigger
language plpgsql
as $$
begin
    -- Any write to a review, rating or progress row recomputes its quest.
    update quest.quests set updated_at = now()
    where id in (
        select (row_to_json(old) ->> 'quest_id')::bigint where tg_op <> 'INSERT'
        union
        select (row_to_json(new) ->> 'quest_id')::bigint where tg_op <> 'DELETE'
    );
    return null;
end;
$$;
comment on function quest.touch_summarised_quest() is
'AFTER trigger on reviews, ratings and progress: makes the quest recompute its summaries.';

create function quest.unpublish_unapproved()
returns trigger
language plpgsql
as $$
begin
    if new.moderation_status <> 'approved' and new.moderation_status is distinct from old.moderation_status then
        new.is_public := false;
    end if;
    return new;
end;
$$;
comment on function quest.unpublish_unapproved() is
'BEFORE UPDATE OF moderation_status on quest.quests: a quest that leaves approved moderation stops '
'being public.';

-- Views

create view quest.quest_summaries as
select
    q.id as quest_id,
    (
        select round(avg(r.rating), 2) from quest.quest_ratings as r
        where r.quest_id = q.id
    ) as rating,
    (
        select coalesce(sum(p.session_count), 0) from quest.quest_progress as p
        where p.quest_id = q.id
    ) as plays_count,
    v.id as psychologist_review_id,
    coalesce(v.is_approved, false) as psychologist_reviewed,
    case when v.is_approved then v.reviewed_at end as reviewed_at
from quest.quests as q
left join quest.psychologist_reviews as v on q.id = v.quest_id;
comment on view quest.quest_summaries is
'What each quest''s summary columns must be, from its ratings, progress and review. The one statement '
'of the rule.';

-- Triggers

create trigger child_privacy_settings_stamp_consent
before insert or update on quest.child_privacy_settings
for each row
execute function quest.stamp_consent_change();

create trigger psychologist_reviews_require_psychologist
before insert or update of reviewer_id on quest.psychologist_reviews
for each row
execute function quest.require_psychologist();

create trigger psychologist_reviews_reviewer_names_a_user
after insert or update of reviewer_id on quest.psychologist_reviews
for each row
execute function core.refuse_unknown_users('reviewer_id');

create trigger psychologist_reviews_touch_quest
after insert or delete or update on quest.psychologist_reviews
for each row
execute function quest.touch_summarised_quest();

create trigger psychologists_user_names_a_user
after insert or update of user_id on quest.psychologists
for each row
execute function core.refuse_unknown_users('user_id');

create trigger quest_builder_sessions_stage_order
before update of current_stage on quest.quest_builder_sessions
for each row
execute function quest.enforce_builder_stage_order();

create trigger quest_builder_sessions_touch_updated_at
before update on quest.quest_builder_sessions
for each row
execute function core.touch_updated_at();

create trigger quest_progress_require_consent
before insert or update on quest.quest_progress
for each row
execute function quest.require_progress_consent();

create trigger quest_progress_touch_quest
after insert or delete or update of session_count, quest_id on quest.quest_progress
for each row
execute function quest.touch_summarised_quest();

create trigger quest_progress_touch_updated_at
before update on quest.quest_progress
for each row
execute function core.touch_updated_at();

create trigger quest_ratings_touch_quest
after insert or delete or update on quest.quest_ratings
for each row
execute function quest.touch_summarised_quest();

create trigger quest_ratings_touch_updated_at
before update on quest.quest_ratings
for each row
execute function core.touch_updated_at();

create trigger quests_creator_names_a_user
after insert or update of user_id on quest.quests
for each row
execute function core.refuse_unknown_users('user_id');

create trigger quests_derive_summary
before insert or update on quest.quests
for each row
execute function quest.derive_quest_summary();

create trigger quests_touch_updated_at
before update on quest.quests
for each row
execute function core.touch_updated_at();

create trigger quests_unpublish_unapproved
before update of moderation_status on quest.quests
for each row
execute function quest.unpublish_unapproved();

create trigger user_tracks_phase_forward
before update of current_phase on quest.user_tracks
for each row
execute function quest.keep_track_phase_forward();

create trigger user_tracks_touch_updated_at
before update on quest.user_tracks
for each row
execute function core.touch_updated_at();
