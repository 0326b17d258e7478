-- Seed 003, I009 course lifecycle, part 1: Enrollment, LessonProgress,
-- QuizAttempt.
--
-- A lesson's progress must be for a lesson of the enrolment's own course:
-- lesson_progress carries course_id and two composite foreign keys hold
-- that without a trigger. Progress is a percentage, and a lesson is
-- complete exactly when it reaches 100 with its completion time.

create table learn.enrollments (
    id bigint generated always as identity,
    user_id bigint not null,
    course_id bigint not null,
    status text not null default 'active',
    enrolled_at timestamptz not null default now(),
    completed_at timestamptz,
    constraint enrollments_pkey primary key (id),
    constraint enrollments_user_id_course_id_key unique (user_id, course_id),
    constraint enrollments_id_course_id_key unique (id, course_id),
    constraint enrollments_user_id_fkey foreign key (user_id) references core.users (id),
    constraint enrollments_course_id_fkey foreign key (course_id) references learn.courses (id),
    constraint enrollments_status_check check (status in ('active', 'completed', 'cancelled')),
    constraint enrollments_completed_check check ((status = 'completed') = (completed_at is not null))
);
comment on table learn.enrollments is 'A user enrolled in a course, once per course (seed 003, I009).';
comment on column learn.enrollments.status is 'Closed set: active, completed (certificate issued), cancelled.';

create index idx_enrollments_course_id on learn.enrollments (course_id);

create table learn.lesson_progress (
    id bigint generated always as identity,
    enrollment_id bigint not null,
    course_id bigint not null,
    lesson_id bigint not null,
    progress_percent integer not null default 0,
    completed_at timestamptz,
    updated_at timestamptz not null default now(),
    constraint lesson_progress_pkey primary key (id),
    constraint lesson_progress_enrollment_id_lesson_id_key unique (enrollment_id, lesson_id),
    constraint lesson_progress_enrollment_id_fkey
    foreign key (enrollment_id, course_id) references learn.enrollments (id, course_id),
    constraint lesson_progress_lesson_id_fkey
    foreign key (lesson_id, course_id) references learn.lessons (id, course_id),
    constraint lesson_progress_percent_check check (progress_percent between 0 and 100),
    constraint lesson_progress_completed_check check ((progress_percent = 100) = (completed_at is not null))
);
comment on table learn.lesson_progress is 'How far an enrolment is in one lesson of its course.';
comment on column learn.lesson_progress.course_id is
'The enrolment''s course, repeated so a foreign key can hold that the lesson belongs to it.';

create index idx_lesson_progress_lesson_id on learn.lesson_progress (lesson_id);

create trigger lesson_progress_touch_updated_at
before update on learn.lesson_progress
for each row execute function core.touch_updated_at();

create table learn.quiz_attempts (
    id bigint generated always as identity,
    enrollment_id bigint not null,
    score numeric(5, 2) not null,
    attempted_at timestamptz not null default now(),
    constraint quiz_attempts_pkey primary key (id),
    constraint quiz_attempts_enrollment_id_fkey foreign key (enrollment_id) references learn.enrollments (id),
    constraint quiz_attempts_score_check check (score between 0 and 100)
);
comment on table learn.quiz_attempts is 'One try at a course''s quiz; the best score counts for the certificate.';
comment on column learn.quiz_attempts.score is 'Percentage, 0..100.';

create index idx_quiz_attempts_enrollment_id on learn.quiz_attempts (enrollment_id);
