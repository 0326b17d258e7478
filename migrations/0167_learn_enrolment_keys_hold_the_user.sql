-- transactional: false
-- revises: b930571d46859616217dfbbbb2f972adb01ac63ed5c1e3ba3e8c2e935280aaeb
--
-- The enrolment chain's keys hold the user, so that enrolments, lesson
-- progress, quiz attempts and certificates can be distributed by user on
-- Citus (sql/distribution/citus.sql), where every unique key must hold
-- the distribution column and a foreign key between two distributed tables
-- must pair it:
--   * user_id becomes NOT NULL on the three tables that gained it in 0164;
--   * each primary key becomes (id, user_id); the other unique keys keep
--     their names and gain user_id: an enrolment's (id, course_id), a
--     lesson's (enrollment_id, lesson_id), a certificate's enrollment_id
--     and verification_code;
--   * the foreign keys to the enrolment pair the user: (enrollment_id,
--     user_id), and (enrollment_id, course_id, user_id) for lesson progress.
--     A row's user is its enrolment's learner: a key's rule now, as
--     0164's trigger was.
-- Nothing else changes on one PostgreSQL. Every key stays as unique as it
-- was: ids are the identity's alone (from here on the application may not
-- name one, as 0153 did for other tables), an enrolment has one user, and
-- verification codes are the database's to draw (gen_random_uuid: 122
-- random bits; the application may no longer name one either). Lookups by
-- id, by enrolment and by code read the new indexes (their first columns).
-- ON CONFLICT targets name the constraints (queries/), which keep their
-- names.
--
-- On a live database: each check is validated, a scan under a lock that
-- lets writes go on; NOT NULL then reads no row (the validated check
-- proves it) and the check goes. Each table's keys are swapped for 0165's
-- indexes in one short transaction (catalog changes under locks held for
-- milliseconds), the enrolment's with its three foreign keys, added NOT
-- VALID; then they are validated, again without blocking writes, and the
-- indexes the old foreign keys needed are dropped CONCURRENTLY. A rerun
-- after a crash passes over what is done: a swapped table's new index is
-- gone (it became the key).
-- squawk-ignore-file ban-drop-constraint, adding-not-nullable-field

-- Validated in one transaction (its locks let writes go on); a rerun after
-- a crash finds the checks already gone.
do $$
declare
    target text;
begin
    foreach target in array array['lesson_progress', 'quiz_attempts', 'certificates'] loop
        if exists (
            select 1 from pg_constraint
            where conrelid = ('learn.' || target)::regclass and conname = target || '_user_id_present'
        ) then
            execute format('alter table learn.%I validate constraint %I', target, target || '_user_id_present');
        end if;
    end loop;
end;
$$;
alter table learn.lesson_progress alter column user_id set not null;
alter table learn.quiz_attempts alter column user_id set not null;
alter table learn.certificates alter column user_id set not null;
alter table learn.lesson_progress drop constraint if exists lesson_progress_user_id_present;
alter table learn.quiz_attempts drop constraint if exists quiz_attempts_user_id_present;
alter table learn.certificates drop constraint if exists certificates_user_id_present;

update core.table_access set database_columns = array_append(database_columns, 'id')
where
    table_name in ('learn.enrollments', 'learn.lesson_progress', 'learn.quiz_attempts', 'learn.certificates')
    and not 'id' = any(database_columns);
update core.table_access set database_columns = array_append(database_columns, 'verification_code')
where table_name = 'learn.certificates' and not 'verification_code' = any(database_columns);
call core.apply_table_access();

do $$
begin
    -- Swapped already when its index became the key.
    if to_regclass('learn.idx_enrollments_id_user_id') is null then
        return;
    end if;
    -- The four tables' locks first, in the order a learner's writes take them (progress, an attempt, a
    -- certificate, then the enrolment they check), so that this waits for those writes and never holds
    -- what one of them waits for (revised: it locked the enrolment before the tables writers touch first,
    -- and a busy writer could deadlock it on every retry).
    lock table learn.lesson_progress, learn.quiz_attempts, learn.certificates, learn.enrollments
    in access exclusive mode;
    alter table learn.certificates drop constraint certificates_enrollment_id_fkey;
    alter table learn.quiz_attempts drop constraint quiz_attempts_enrollment_id_fkey;
    alter table learn.lesson_progress drop constraint lesson_progress_enrollment_id_fkey;
    alter table learn.enrollments
    drop constraint enrollments_pkey,
    add constraint enrollments_pkey primary key using index idx_enrollments_id_user_id,
    drop constraint enrollments_id_course_id_key,
    add constraint enrollments_id_course_id_key unique using index idx_enrollments_id_course_id_user_id;
    alter table learn.certificates add constraint certificates_enrollment_id_fkey
    foreign key (enrollment_id, user_id) references learn.enrollments (id, user_id) not valid;
    alter table learn.quiz_attempts add constraint quiz_attempts_enrollment_id_fkey
    foreign key (enrollment_id, user_id) references learn.enrollments (id, user_id) not valid;
    alter table learn.lesson_progress add constraint lesson_progress_enrollment_id_fkey
    foreign key (enrollment_id, course_id, user_id) references learn.enrollments (id, course_id, user_id) not valid;
end;
$$;
do $$
begin
    -- Swapped already when its index became the key.
    if to_regclass('learn.idx_lesson_progress_id_user_id') is null then
        return;
    end if;
    alter table learn.lesson_progress
    drop constraint lesson_progress_pkey,
    add constraint lesson_progress_pkey primary key using index idx_lesson_progress_id_user_id,
    drop constraint lesson_progress_enrollment_id_lesson_id_key,
    add constraint lesson_progress_enrollment_id_lesson_id_key
    unique using index idx_lesson_progress_enrollment_id_lesson_id_user_id;
end;
$$;
do $$
begin
    -- Swapped already when its index became the key.
    if to_regclass('learn.idx_quiz_attempts_id_user_id') is null then
        return;
    end if;
    alter table learn.quiz_attempts
    drop constraint quiz_attempts_pkey,
    add constraint quiz_attempts_pkey primary key using index idx_quiz_attempts_id_user_id;
end;
$$;
do $$
begin
    -- Swapped already when its index became the key.
    if to_regclass('learn.idx_certificates_id_user_id') is null then
        return;
    end if;
    alter table learn.certificates
    drop constraint certificates_pkey,
    add constraint certificates_pkey primary key using index idx_certificates_id_user_id,
    drop constraint certificates_enrollment_id_key,
    add constraint certificates_enrollment_id_key unique using index idx_certificates_enrollment_id_user_id,
    drop constraint certificates_verification_code_key,
    add constraint certificates_verification_code_key unique using index idx_certificates_verification_code_user_id;
end;
$$;

alter table learn.certificates validate constraint certificates_enrollment_id_fkey;
alter table learn.quiz_attempts validate constraint quiz_attempts_enrollment_id_fkey;
alter table learn.lesson_progress validate constraint lesson_progress_enrollment_id_fkey;

-- What the old foreign keys needed; the new ones' indexes start with the same columns.
drop index concurrently if exists learn.idx_lesson_progress_enrollment_id_course_id;
drop index concurrently if exists learn.idx_quiz_attempts_enrollment_id;
