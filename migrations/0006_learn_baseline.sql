-- The learn module (seeds 003 and 004): courses and lessons, enrolments,
-- lesson progress, quiz attempts, certificates with a verification code,
-- course assets, concepts with prerequisites and mastery, rubric evaluations,
-- AI analyses and the learners' behaviour log.
--
-- Why the rules live here:
-- - Progress and attempts carry the enrolment's user and course, and
--   composite foreign keys make a row name its own enrolment: progress on a
--   lesson of another course is refused by the database.
-- - A certificate is issued once per enrolment, keeps a snapshot of what was
--   passed, and can be invalidated (with who and why) but not rewritten.
-- - i18n texts and AI results are JSON validated by CHECK.

-- Functions the tables' CHECK constraints call

create function learn.check_ai_analysis_result(document jsonb)
returns boolean
language plpgsql
immutable
as $$
begin
    perform core.check_jsonb_object(document, 'ai_analyses.result');
    if jsonb_typeof(document -> 'summary') is distinct from 'string' then
        raise exception 'ai_analyses.result must have a "summary" text' using errcode = 'check_violation';
    end if;
    if jsonb_typeof(document -> 'recommendations') is distinct from 'array' then
        raise exception 'ai_analyses.result must have a "recommendations" array' using errcode = 'check_violation';
    end if;
    return true;
end;
$$;
comment on function learn.check_ai_analysis_result(
    jsonb
) is 'CHECK helper: an AI analysis result is {"summary": text, "recommendations": [...], ...}.';

-- Tables

create table learn.ai_analyses (
    id bigint generated always as identity,
    user_id bigint not null,
    analysis_type text not null,
    model_name text,
    result jsonb not null,
    created_at timestamp with time zone default now() not null,
    constraint ai_analyses_pkey primary key (id, user_id),
    constraint ai_analyses_result_check check (learn.check_ai_analysis_result(result)),
    constraint ai_analyses_user_id_fkey foreign key (user_id) references core.users (id)
);
comment on table learn.ai_analyses is 'AI-generated insight about one learner (seed 003, I008); newest is current.';
comment on column learn.ai_analyses.analysis_type is 'What was analysed, e.g. learning_style, course_fit.';
comment on column learn.ai_analyses.model_name is 'The model that produced the result.';
comment on column learn.ai_analyses.result is '{"summary": text, "recommendations": [...]} plus any other keys.';
create index idx_ai_analyses_user_id_created_at on learn.ai_analyses (user_id, created_at desc);

create table learn.behavior_logs (
    id bigint generated always as identity,
    user_id bigint not null,
    action text not null,
    created_at timestamp with time zone default now() not null,
    metadata jsonb default '{}'::jsonb not null,
    constraint behavior_logs_pkey primary key (id, user_id, created_at),
    constraint behavior_logs_metadata_check check (core.check_jsonb_object(metadata, 'behavior_logs.metadata')),
    constraint behavior_logs_user_id_fkey foreign key (user_id) references core.users (id)
) partition by range (created_at);
comment on table learn.behavior_logs is
'What a learner did and when (seed 003: BehaviorLog); feeds AI analyses and nudges. Partitioned by '
'month of created_at.';
comment on column learn.behavior_logs.action is 'What happened, e.g. lesson_opened, quiz_submitted.';
comment on column learn.behavior_logs.metadata is 'Details of the action, a JSON object (seed 003).';
create index idx_behavior_logs_user_id_created_at on learn.behavior_logs (user_id, created_at);

create table learn.courses (
    id bigint generated always as identity,
    slug text not null,
    title text not null,
    passing_score numeric(5, 2),
    published boolean default false not null,
    created_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null,
    constraint courses_pkey primary key (id),
    constraint courses_slug_key unique (slug),
    constraint courses_passing_score_check check (passing_score between 0 and 100)
);
comment on table learn.courses is 'A course: lessons to complete, and optionally a quiz score to pass.';
comment on column learn.courses.passing_score is
'Best quiz score (0..100) an enrolment needs for its certificate; NULL: the course has no quiz.';

create table learn.enrollments (
    id bigint generated always as identity,
    user_id bigint not null,
    course_id bigint not null,
    status text default 'active' not null,
    enrolled_at timestamp with time zone default now() not null,
    completed_at timestamp with time zone,
    constraint enrollments_pkey primary key (id, user_id),
    constraint enrollments_id_course_id_key unique (id, course_id, user_id),
    constraint enrollments_user_id_course_id_key unique (user_id, course_id),
    constraint enrollments_completed_check check ((status = 'completed') = (completed_at is not null)),
    constraint enrollments_status_check check (status in ('active', 'completed', 'cancelled')),
    constraint enrollments_course_id_fkey foreign key (course_id) references learn.courses (id),
    constraint enrollments_user_id_fkey foreign key (user_id) references core.users (id)
);
comment on table learn.enrollments is 'A user enrolled in a course, once per course (seed 003, I009).';
comment on column learn.enrollments.status is 'Closed set: active, completed (certificate issued), cancelled.';
create index idx_enrollments_course_id on learn.enrollments (course_id);

create table learn.certificates (
    id bigint generated always as identity,
    enrollment_id bigint not null,
    verification_code text default upper(replace((gen_random_uuid())::text, '-'::text, ''::text)) not null,
    issued_at timestamp with time zone default now() not null,
    learner_name text,
    grade numeric(5, 2),
    status text default 'issued' not null,
    invalidated_at timestamp with time zone,
    invalidated_by bigint,
    invalidation_reason text,
    user_id bigint not null,
    constraint certificates_pkey primary key (id, user_id),
    constraint certificates_enrollment_id_key unique (enrollment_id, user_id),
    constraint certificates_verification_code_key unique (verification_code, user_id),
    constraint certificates_status_check check (
        status in ('issued', 'invalidated')
        and (status = 'invalidated') = (invalidated_at is not null)
        and (status = 'invalidated') = (invalidation_reason is not null and invalidated_by is not null)
    ),
    constraint certificates_enrollment_id_fkey foreign key (enrollment_id, user_id)
    references learn.enrollments (id, user_id)
);
comment on table learn.certificates is 'Proof that an enrolment completed its course, issued once (seed 003, I009).';
comment on column learn.certificates.verification_code is 'Public code anyone can use to verify the certificate.';
comment on column learn.certificates.learner_name is 'The learner''s name when the certificate was issued.';
comment on column learn.certificates.grade is
'The best quiz score (0..100) when issued; null for a course without a quiz.';
comment on column learn.certificates.status is 'Closed set: issued, invalidated.';
comment on column learn.certificates.invalidated_by is 'The user (an administrator) who invalidated it.';
comment on column learn.certificates.invalidation_reason is 'Why it was invalidated.';
comment on column learn.certificates.user_id is
'The enrolment''s learner: the row lives on this user''s shard on Citus. Filled from the enrolment '
'when left out.';
create index idx_certificates_invalidated_by on learn.certificates (invalidated_by);

create table learn.concepts (
    id bigint generated always as identity,
    name text not null,
    description text,
    domain text,
    difficulty integer default 1 not null,
    created_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null,
    embedding real[],
    synonyms text[] default '{}'::text[] not null,
    keywords text[] default '{}'::text[] not null,
    is_active boolean default true not null,
    constraint concepts_pkey primary key (id),
    constraint concepts_name_key unique (name),
    constraint concepts_difficulty_check check (difficulty between 1 and 10),
    constraint concepts_embedding_check check (
        array_ndims(embedding) = 1 and array_length(embedding, 1) = 384 and array_position(embedding, null) is null
    )
);
comment on table learn.concepts is 'A node of the knowledge graph (seed 004 Concept).';
comment on column learn.concepts.difficulty is 'From 1 (easiest) to 10.';
comment on column learn.concepts.embedding is
'Vector of the concept, 384 reals (trust.cosine_similarity compares them).';
comment on column learn.concepts.synonyms is 'Alternative names.';
comment on column learn.concepts.keywords is 'Search keywords.';
comment on column learn.concepts.is_active is 'Whether the concept is in use.';
create index idx_concepts_difficulty on learn.concepts (difficulty);
create index idx_concepts_domain on learn.concepts (domain);

create table learn.concept_attempts (
    id bigint generated always as identity,
    user_id bigint not null,
    concept_id bigint not null,
    correct boolean not null,
    attempted_at timestamp with time zone default now() not null,
    constraint concept_attempts_pkey primary key (id, user_id),
    constraint concept_attempts_concept_id_fkey foreign key (concept_id) references learn.concepts (id),
    constraint concept_attempts_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
);
comment on table learn.concept_attempts is 'One try at a concept''s exercise (seed 004 ConceptAttempt).';
create index idx_concept_attempts_concept_id on learn.concept_attempts (concept_id);
create index idx_concept_attempts_user_id_attempted_at on learn.concept_attempts (user_id, attempted_at);

create table learn.concept_prerequisites (
    concept_id bigint not null,
    prerequisite_id bigint not null,
    constraint concept_prerequisites_pkey primary key (concept_id, prerequisite_id),
    constraint concept_prerequisites_not_self_check check (concept_id <> prerequisite_id),
    constraint concept_prerequisites_concept_id_fkey foreign key (concept_id) references learn.concepts (id),
    constraint concept_prerequisites_prerequisite_id_fkey foreign key (prerequisite_id) references learn.concepts (id)
);
comment on table learn.concept_prerequisites is 'Concept A needs concept B first (seed 004 ConceptPrerequisite).';
create index idx_concept_prerequisites_prerequisite_id on learn.concept_prerequisites (prerequisite_id);

create table learn.lessons (
    id bigint generated always as identity,
    course_id bigint not null,
    position integer not null,
    title text not null,
    created_at timestamp with time zone default now() not null,
    constraint lessons_pkey primary key (id),
    constraint lessons_course_id_position_key unique (course_id, position),
    constraint lessons_id_course_id_key unique (id, course_id),
    constraint lessons_course_id_fkey foreign key (course_id) references learn.courses (id)
);
comment on constraint lessons_id_course_id_key on learn.lessons is
'Lets progress rows hold, by foreign key, that a lesson belongs to the enrolment''s course.';
comment on table learn.lessons is 'A lesson of a course; every lesson must be completed for the certificate.';
comment on column learn.lessons.position is 'Order of the lesson in its course.';

create table learn.course_assets (
    id bigint generated always as identity,
    course_id bigint not null,
    lesson_id bigint,
    storage_key text not null,
    content_type text not null,
    size_bytes bigint not null,
    metadata jsonb default '{}'::jsonb not null,
    created_at timestamp with time zone default now() not null,
    constraint course_assets_pkey primary key (id),
    constraint course_assets_storage_key_key unique (storage_key),
    constraint course_assets_metadata_check check (core.check_jsonb_object(metadata, 'course_assets.metadata')),
    constraint course_assets_size_bytes_check check (size_bytes >= 0),
    constraint course_assets_course_id_fkey foreign key (course_id) references learn.courses (id),
    constraint course_assets_lesson_id_fkey foreign key (lesson_id, course_id) references learn.lessons (id, course_id)
);
comment on table learn.course_assets is 'A course file in object storage (seed 003, I011).';
comment on column learn.course_assets.lesson_id is 'The lesson the asset belongs to, if any (of the same course).';
comment on column learn.course_assets.storage_key is 'The object''s key in the bucket; unique.';
comment on column learn.course_assets.metadata is 'A JSON object: dimensions, duration, checksum, ...';
create index idx_course_assets_course_id on learn.course_assets (course_id);
create index idx_course_assets_lesson_id on learn.course_assets (lesson_id);
create index idx_course_assets_lesson_id_course_id on learn.course_assets (lesson_id, course_id);

create table learn.lesson_progress (
    id bigint generated always as identity,
    enrollment_id bigint not null,
    course_id bigint not null,
    lesson_id bigint not null,
    progress_percent integer default 0 not null,
    completed_at timestamp with time zone,
    updated_at timestamp with time zone default now() not null,
    user_id bigint not null,
    constraint lesson_progress_pkey primary key (id, user_id),
    constraint lesson_progress_enrollment_id_lesson_id_key unique (enrollment_id, lesson_id, user_id),
    constraint lesson_progress_completed_check check ((progress_percent = 100) = (completed_at is not null)),
    constraint lesson_progress_percent_check check (progress_percent between 0 and 100),
    constraint lesson_progress_enrollment_id_fkey foreign key (enrollment_id, course_id, user_id)
    references learn.enrollments (id, course_id, user_id),
    constraint lesson_progress_lesson_id_fkey foreign key (lesson_id, course_id)
    references learn.lessons (id, course_id)
);
comment on table learn.lesson_progress is 'How far an enrolment is in one lesson of its course.';
comment on column learn.lesson_progress.course_id is
'The enrolment''s course, repeated so a foreign key can hold that the lesson belongs to it.';
comment on column learn.lesson_progress.user_id is
'The enrolment''s learner: the row lives on this user''s shard on Citus. Filled from the enrolment '
'when left out.';
create index idx_lesson_progress_enrollment_id_course_id_user_id on learn.lesson_progress (
    enrollment_id, course_id, user_id
);
create index idx_lesson_progress_lesson_id on learn.lesson_progress (lesson_id);
create index idx_lesson_progress_lesson_id_course_id on learn.lesson_progress (lesson_id, course_id);
create index idx_lesson_progress_updated_at on learn.lesson_progress (updated_at);

create table learn.mastery_records (
    id bigint generated always as identity,
    user_id bigint not null,
    concept_id bigint not null,
    mastery numeric(5, 4) default 0 not null,
    updated_at timestamp with time zone default now() not null,
    constraint mastery_records_pkey primary key (id, user_id),
    constraint mastery_records_user_id_concept_id_key unique (user_id, concept_id),
    constraint mastery_records_mastery_check check (mastery between 0 and 1),
    constraint mastery_records_concept_id_fkey foreign key (concept_id) references learn.concepts (id),
    constraint mastery_records_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
);
comment on table learn.mastery_records is 'How well a user masters a concept, 0..1 (seed 004 MasteryRecord).';
create index idx_mastery_records_concept_id on learn.mastery_records (concept_id);
create index idx_mastery_records_updated_at on learn.mastery_records (updated_at);

create table learn.quiz_attempts (
    id bigint generated always as identity,
    enrollment_id bigint not null,
    score numeric(5, 2) not null,
    attempted_at timestamp with time zone default now() not null,
    user_id bigint not null,
    constraint quiz_attempts_pkey primary key (id, user_id),
    constraint quiz_attempts_score_check check (score between 0 and 100),
    constraint quiz_attempts_enrollment_id_fkey foreign key (enrollment_id, user_id)
    references learn.enrollments (id, user_id)
);
comment on table learn.quiz_attempts is 'One try at a course''s quiz; the best score counts for the certificate.';
comment on column learn.quiz_attempts.score is 'Percentage, 0..100.';
comment on column learn.quiz_attempts.user_id is
'The enrolment''s learner: the row lives on this user''s shard on Citus. Filled from the enrolment '
'when left out.';
create index idx_quiz_attempts_attempted_at on learn.quiz_attempts (attempted_at);
create index idx_quiz_attempts_enrollment_id_user_id on learn.quiz_attempts (enrollment_id, user_id);

create table learn.rubric_evaluations (
    id bigint generated always as identity,
    user_id bigint not null,
    answer_id bigint,
    rubric jsonb not null,
    score numeric(5, 2) not null,
    evaluated_at timestamp with time zone default now() not null,
    constraint rubric_evaluations_pkey primary key (id, user_id),
    constraint rubric_evaluations_rubric_check check (core.check_jsonb_object(rubric, 'rubric_evaluations.rubric')),
    constraint rubric_evaluations_score_check check (score between 0 and 100),
    constraint rubric_evaluations_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
);
comment on table learn.rubric_evaluations is 'An AI rubric evaluation of an answer (seed 004 RubricEvaluation).';
comment on column learn.rubric_evaluations.rubric is 'Criterion -> judgement, a JSON object.';
create index idx_rubric_evaluations_answer_id on learn.rubric_evaluations (answer_id);
create index idx_rubric_evaluations_user_id on learn.rubric_evaluations (user_id);

-- Functions and procedures

create function learn.fill_enrolment_user()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
declare
    learner bigint;
begin
    select e.user_id into learner from learn.enrollments as e where e.id = new.enrollment_id;
    new.user_id := coalesce(new.user_id, learner);
    -- No enrolment: the foreign key on enrollment_id refuses the row.
    if learner is not null and new.user_id <> learner then
        raise exception 'user_id % is not the learner of enrolment %', new.user_id, new.enrollment_id
        using errcode = 'foreign_key_violation';
    end if;
    return new;
end;
$$;
comment on function learn.fill_enrolment_user() is
'BEFORE INSERT OR UPDATE on the enrolment''s rows: fills user_id from the enrolment, refuses another '
'user.';

create function learn.invalidate_certificate(p_code text, p_admin_id bigint, p_reason text)
returns setof learn.certificates
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
begin
    if coalesce(btrim(p_reason), '') = '' then
        raise exception 'invalidating a certificate needs a reason' using errcode = 'check_violation';
    end if;
    if not exists (select 1 from core.users as u where u.id = p_admin_id) then
        raise exception 'no user with id %', p_admin_id using errcode = 'no_data_found';
    end if;
    return query
    update learn.certificates as c
    set status = 'invalidated', invalidated_at = now(), invalidated_by = p_admin_id, invalidation_reason = p_reason
    where c.verification_code = upper(p_code) and c.status = 'issued'
    returning c.*;
    if not found then
        raise exception 'no issued certificate with code %', upper(p_code) using errcode = 'no_data_found';
    end if;
end;
$$;
comment on function learn.invalidate_certificate(
    text, bigint, text
) is 'Invalidates an issued certificate, recording who, when and why; its code then verifies as invalid.';

create function learn.keep_evaluated_answers()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
begin
    if exists (select from learn.rubric_evaluations as r where r.answer_id = old.id) then
        raise exception 'answer % has rubric evaluations (learn.rubric_evaluations.answer_id)', old.id
        using errcode = 'foreign_key_violation', constraint = tg_name;
    end if;
    return null;
end;
$$;
comment on function learn.keep_evaluated_answers() is
'AFTER DELETE OR UPDATE OF id on community.answers: an answer a rubric evaluation names stays. The '
'referenced side of a foreign key, which Citus allows none of.';

create function learn.record_certificate_snapshot()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
begin
    select nullif(concat_ws(' ', u.first_name, u.last_name), ''),
        (select max(q.score) from learn.quiz_attempts as q where q.enrollment_id = e.id)
    into new.learner_name, new.grade
    from learn.enrollments as e
    inner join core.users as u on e.user_id = u.id
    where e.id = new.enrollment_id;
    new.status := 'issued';
    new.invalidated_at := null;
    new.invalidated_by := null;
    new.invalidation_reason := null;
    return new;
end;
$$;
comment on function learn.record_certificate_snapshot() is
'BEFORE INSERT on learn.certificates: records the learner''s name and grade at issue; a new '
'certificate is issued.';

create function learn.refuse_unearned_certificate()
returns trigger
language plpgsql
as $$
begin
    if not coalesce(learn.certificate_is_earned(new.enrollment_id), false) then
        raise exception 'enrolment % has not earned its certificate (lessons incomplete or quiz not passed)',
            new.enrollment_id
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;
comment on function learn.refuse_unearned_certificate() is
'BEFORE INSERT on learn.certificates: only an earned certificate can be issued.';

create function learn.refuse_unknown_answer()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
begin
    if new.answer_id is null or (tg_op = 'UPDATE' and new.answer_id = old.answer_id) then
        return null;
    end if;
    -- FOR KEY SHARE (owner's privilege, hence security definer): as a foreign key's check.
    perform from community.answers as a where a.id = new.answer_id for key share;
    if not found then
        raise exception 'learn.rubric_evaluations.answer_id names answer %, which does not exist', new.answer_id
        using errcode = 'foreign_key_violation', constraint = tg_name;
    end if;
    return null;
end;
$$;
comment on function learn.refuse_unknown_answer() is
'AFTER INSERT OR UPDATE OF answer_id on learn.rubric_evaluations: the answer exists. The foreign key '
'to community.answers, where Citus allows none.';

create function learn.certificate_is_earned(p_enrollment_id bigint)
returns boolean
language sql
stable
as $$
    select
        exists (select 1 from learn.lessons as l where l.course_id = e.course_id)
        and not exists (
            select 1
            from learn.lessons as l
            left join learn.lesson_progress as p on p.lesson_id = l.id and p.enrollment_id = e.id
            where l.course_id = e.course_id and p.completed_at is null
        )
        and (
            c.passing_score is null
            or (select max(q.score) from learn.quiz_attempts as q where q.enrollment_id = e.id) >= c.passing_score
        )
    from learn.enrollments as e
    inner join learn.courses as c on c.id = e.course_id
    where e.id = p_enrollment_id and e.status <> 'cancelled';
$$;
comment on function learn.certificate_is_earned(bigint) is
'True when every lesson of the enrolment''s course is complete and the passing quiz score (if any) '
'reached.';

-- Triggers

create trigger certificates_fill_user
before insert or update of enrollment_id, user_id on learn.certificates
for each row
execute function learn.fill_enrolment_user();

create trigger certificates_record_snapshot
before insert on learn.certificates
for each row
execute function learn.record_certificate_snapshot();

create trigger certificates_refuse_unearned
before insert or update of enrollment_id on learn.certificates
for each row
execute function learn.refuse_unearned_certificate();

create trigger concepts_touch_updated_at
before update on learn.concepts
for each row
execute function core.touch_updated_at();

create trigger courses_touch_updated_at
before update on learn.courses
for each row
execute function core.touch_updated_at();

create trigger lesson_progress_fill_user
before insert or update of enrollment_id, user_id on learn.lesson_progress
for each row
execute function learn.fill_enrolment_user();

create trigger lesson_progress_touch_updated_at
before update of enrollment_id,
course_id,
lesson_id,
progress_percent,
completed_at,
updated_at on learn.lesson_progress
for each row
execute function core.touch_updated_at();

create trigger quiz_attempts_fill_user
before insert or update of enrollment_id, user_id on learn.quiz_attempts
for each row
execute function learn.fill_enrolment_user();

create trigger rubric_evaluations_answer_exists
after insert or update of answer_id on learn.rubric_evaluations
for each row
execute function learn.refuse_unknown_answer();

-- Monthly partitions: registered here, created (and dropped past retention) by core.maintain_partitions()

insert into core.partitioned_tables (table_name, retention_setting, keep_while, why) values
(
    'learn.behavior_logs',
    null,
    null,
    'what learners did; read by time, never changed; no retention: its months are kept'
);

select
    table_name,
    partition_name,
    action
from core.maintain_partitions();
