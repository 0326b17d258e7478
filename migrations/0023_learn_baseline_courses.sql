-- Baseline of the `learn` module: what seed 003 assumes exists.
--
-- Its enrolments and lesson progress point at courses and lessons, and its
-- BehaviorLog table gains a metadata column; none of the three is described
-- by the seed, so they are created here with the columns the seed's
-- queries need and nothing more. Conventions applied: bigint identity keys,
-- timestamptz, snake_case (the seed's Prisma names are CamelCase).

create schema learn;
comment on schema learn is
'Courses and lessons, enrolments, progress, quizzes, certificates, course assets, AI analyses.';

create table learn.courses (
    id bigint generated always as identity,
    slug text not null,
    title text not null,
    passing_score numeric(5, 2),
    published boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint courses_pkey primary key (id),
    constraint courses_slug_key unique (slug),
    constraint courses_passing_score_check check (passing_score between 0 and 100)
);
comment on table learn.courses is 'A course: lessons to complete, and optionally a quiz score to pass.';
comment on column learn.courses.passing_score is
'Best quiz score (0..100) an enrolment needs for its certificate; NULL: the course has no quiz.';

create trigger courses_touch_updated_at
before update on learn.courses
for each row execute function core.touch_updated_at();

create table learn.lessons (
    id bigint generated always as identity,
    course_id bigint not null,
    position integer not null,
    title text not null,
    created_at timestamptz not null default now(),
    constraint lessons_pkey primary key (id),
    constraint lessons_course_id_position_key unique (course_id, position),
    constraint lessons_id_course_id_key unique (id, course_id),
    constraint lessons_course_id_fkey foreign key (course_id) references learn.courses (id)
);
comment on table learn.lessons is 'A lesson of a course; every lesson must be completed for the certificate.';
comment on column learn.lessons.position is 'Order of the lesson in its course.';
comment on constraint lessons_id_course_id_key on learn.lessons is
'Lets progress rows hold, by foreign key, that a lesson belongs to the enrolment''s course.';

create table learn.behavior_logs (
    id bigint generated always as identity,
    user_id bigint not null,
    action text not null,
    created_at timestamptz not null default now(),
    constraint behavior_logs_pkey primary key (id),
    constraint behavior_logs_user_id_fkey foreign key (user_id) references core.users (id)
);
comment on table learn.behavior_logs is
'What a learner did and when (seed 003: BehaviorLog); feeds AI analyses and nudges.';
comment on column learn.behavior_logs.action is 'What happened, e.g. lesson_opened, quiz_submitted.';

create index idx_behavior_logs_user_id_created_at on learn.behavior_logs (user_id, created_at);
