-- Baseline for seed 004, `learn` part: the "AI Foundation" of its "Already
-- Implemented" list: Concept (knowledge graph nodes), ConceptPrerequisite
-- (dependency edges), ConceptAttempt, MasteryRecord, RubricEvaluation.
-- Conventions applied: bigint identity keys, timestamptz; mastery is a
-- share in 0..1; a concept is not its own prerequisite.

create table learn.concepts (
    id bigint generated always as identity,
    name text not null,
    description text,
    domain text,
    difficulty integer not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint concepts_pkey primary key (id),
    constraint concepts_name_key unique (name),
    constraint concepts_difficulty_check check (difficulty between 1 and 10)
);
comment on table learn.concepts is 'A node of the knowledge graph (seed 004 Concept).';
comment on column learn.concepts.difficulty is 'From 1 (easiest) to 10.';

create index idx_concepts_domain on learn.concepts (domain);
create index idx_concepts_difficulty on learn.concepts (difficulty);

create trigger concepts_touch_updated_at
before update on learn.concepts
for each row execute function core.touch_updated_at();

create table learn.concept_prerequisites (
    concept_id bigint not null,
    prerequisite_id bigint not null,
    constraint concept_prerequisites_pkey primary key (concept_id, prerequisite_id),
    constraint concept_prerequisites_concept_id_fkey foreign key (concept_id) references learn.concepts (id),
    constraint concept_prerequisites_prerequisite_id_fkey
    foreign key (prerequisite_id) references learn.concepts (id),
    constraint concept_prerequisites_not_self_check check (concept_id <> prerequisite_id)
);
comment on table learn.concept_prerequisites is 'Concept A needs concept B first (seed 004 ConceptPrerequisite).';

create index idx_concept_prerequisites_prerequisite_id on learn.concept_prerequisites (prerequisite_id);

create table learn.concept_attempts (
    id bigint generated always as identity,
    user_id bigint not null,
    concept_id bigint not null,
    correct boolean not null,
    attempted_at timestamptz not null default now(),
    constraint concept_attempts_pkey primary key (id),
    constraint concept_attempts_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade,
    constraint concept_attempts_concept_id_fkey foreign key (concept_id) references learn.concepts (id)
);
comment on table learn.concept_attempts is 'One try at a concept''s exercise (seed 004 ConceptAttempt).';

create index idx_concept_attempts_user_id_attempted_at on learn.concept_attempts (user_id, attempted_at);
create index idx_concept_attempts_concept_id on learn.concept_attempts (concept_id);

create table learn.mastery_records (
    id bigint generated always as identity,
    user_id bigint not null,
    concept_id bigint not null,
    mastery numeric(5, 4) not null default 0,
    updated_at timestamptz not null default now(),
    constraint mastery_records_pkey primary key (id),
    constraint mastery_records_user_id_concept_id_key unique (user_id, concept_id),
    constraint mastery_records_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade,
    constraint mastery_records_concept_id_fkey foreign key (concept_id) references learn.concepts (id),
    constraint mastery_records_mastery_check check (mastery between 0 and 1)
);
comment on table learn.mastery_records is 'How well a user masters a concept, 0..1 (seed 004 MasteryRecord).';

create index idx_mastery_records_concept_id on learn.mastery_records (concept_id);

create table learn.rubric_evaluations (
    id bigint generated always as identity,
    user_id bigint not null,
    answer_id bigint,
    rubric jsonb not null,
    score numeric(5, 2) not null,
    evaluated_at timestamptz not null default now(),
    constraint rubric_evaluations_pkey primary key (id),
    constraint rubric_evaluations_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade,
    constraint rubric_evaluations_answer_id_fkey foreign key (answer_id) references community.answers (id),
    constraint rubric_evaluations_rubric_check check (core.check_jsonb_object(rubric, 'rubric_evaluations.rubric')),
    constraint rubric_evaluations_score_check check (score between 0 and 100)
);
comment on table learn.rubric_evaluations is 'An AI rubric evaluation of an answer (seed 004 RubricEvaluation).';
comment on column learn.rubric_evaluations.rubric is 'Criterion -> judgement, a JSON object.';

create index idx_rubric_evaluations_user_id on learn.rubric_evaluations (user_id);
create index idx_rubric_evaluations_answer_id on learn.rubric_evaluations (answer_id);
