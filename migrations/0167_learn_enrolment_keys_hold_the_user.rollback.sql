-- transactional: false
--
-- Undo 0167: the enrolment chain's keys and foreign keys lose the user
-- again, and user_id may be null (0166's checks are back, NOT VALID).
-- As the forward file: the old keys' indexes are built CONCURRENTLY, with
-- the plain indexes 0165 had built (its rollback drops those); each
-- table's keys are swapped back in one short transaction, the enrolment's
-- with its three foreign keys, added NOT VALID and then validated. A
-- rerun after a crash builds the indexes again and swaps again: the same
-- keys.

create unique index concurrently idx_enrollments_id on learn.enrollments (id);
create unique index concurrently idx_enrollments_id_course_id on learn.enrollments (id, course_id);
create unique index concurrently idx_lesson_progress_id on learn.lesson_progress (id);
create unique index concurrently idx_lesson_progress_enrollment_id_lesson_id
on learn.lesson_progress (enrollment_id, lesson_id);
create unique index concurrently idx_quiz_attempts_id on learn.quiz_attempts (id);
create unique index concurrently idx_certificates_id on learn.certificates (id);
create unique index concurrently idx_certificates_enrollment_id on learn.certificates (enrollment_id);
create unique index concurrently idx_certificates_verification_code on learn.certificates (verification_code);

create index concurrently idx_lesson_progress_enrollment_id_course_id
on learn.lesson_progress (enrollment_id, course_id);
create index concurrently idx_quiz_attempts_enrollment_id on learn.quiz_attempts (enrollment_id);
create unique index concurrently idx_enrollments_id_user_id on learn.enrollments (id, user_id);
create unique index concurrently idx_enrollments_id_course_id_user_id on learn.enrollments (id, course_id, user_id);
create unique index concurrently idx_lesson_progress_id_user_id on learn.lesson_progress (id, user_id);
create unique index concurrently idx_lesson_progress_enrollment_id_lesson_id_user_id
on learn.lesson_progress (enrollment_id, lesson_id, user_id);
create unique index concurrently idx_quiz_attempts_id_user_id on learn.quiz_attempts (id, user_id);
create unique index concurrently idx_certificates_id_user_id on learn.certificates (id, user_id);
create unique index concurrently idx_certificates_enrollment_id_user_id on learn.certificates (enrollment_id, user_id);
create unique index concurrently idx_certificates_verification_code_user_id
on learn.certificates (verification_code, user_id);

do $$
begin
    -- Swapped back already when its index became the key.
    if to_regclass('learn.idx_enrollments_id') is null then
        return;
    end if;
    alter table learn.certificates drop constraint certificates_enrollment_id_fkey;
    alter table learn.quiz_attempts drop constraint quiz_attempts_enrollment_id_fkey;
    alter table learn.lesson_progress drop constraint lesson_progress_enrollment_id_fkey;
    alter table learn.enrollments
    drop constraint enrollments_pkey,
    add constraint enrollments_pkey primary key using index idx_enrollments_id,
    drop constraint enrollments_id_course_id_key,
    add constraint enrollments_id_course_id_key unique using index idx_enrollments_id_course_id;
    alter table learn.certificates add constraint certificates_enrollment_id_fkey
    foreign key (enrollment_id) references learn.enrollments (id) not valid;
    alter table learn.quiz_attempts add constraint quiz_attempts_enrollment_id_fkey
    foreign key (enrollment_id) references learn.enrollments (id) not valid;
    alter table learn.lesson_progress add constraint lesson_progress_enrollment_id_fkey
    foreign key (enrollment_id, course_id) references learn.enrollments (id, course_id) not valid;
end;
$$;
do $$
begin
    -- Swapped back already when its index became the key.
    if to_regclass('learn.idx_lesson_progress_id') is null then
        return;
    end if;
    alter table learn.lesson_progress
    drop constraint lesson_progress_pkey,
    add constraint lesson_progress_pkey primary key using index idx_lesson_progress_id,
    drop constraint lesson_progress_enrollment_id_lesson_id_key,
    add constraint lesson_progress_enrollment_id_lesson_id_key
    unique using index idx_lesson_progress_enrollment_id_lesson_id;
end;
$$;
do $$
begin
    -- Swapped back already when its index became the key.
    if to_regclass('learn.idx_quiz_attempts_id') is null then
        return;
    end if;
    alter table learn.quiz_attempts
    drop constraint quiz_attempts_pkey,
    add constraint quiz_attempts_pkey primary key using index idx_quiz_attempts_id;
end;
$$;
do $$
begin
    -- Swapped back already when its index became the key.
    if to_regclass('learn.idx_certificates_id') is null then
        return;
    end if;
    alter table learn.certificates
    drop constraint certificates_pkey,
    add constraint certificates_pkey primary key using index idx_certificates_id,
    drop constraint certificates_enrollment_id_key,
    add constraint certificates_enrollment_id_key unique using index idx_certificates_enrollment_id,
    drop constraint certificates_verification_code_key,
    add constraint certificates_verification_code_key unique using index idx_certificates_verification_code;
end;
$$;

alter table learn.certificates validate constraint certificates_enrollment_id_fkey;
alter table learn.quiz_attempts validate constraint quiz_attempts_enrollment_id_fkey;
alter table learn.lesson_progress validate constraint lesson_progress_enrollment_id_fkey;

alter table learn.lesson_progress alter column user_id drop not null,
drop constraint if exists lesson_progress_user_id_present,
add constraint lesson_progress_user_id_present check (user_id is not null) not valid;
alter table learn.quiz_attempts alter column user_id drop not null,
drop constraint if exists quiz_attempts_user_id_present,
add constraint quiz_attempts_user_id_present check (user_id is not null) not valid;
alter table learn.certificates alter column user_id drop not null,
drop constraint if exists certificates_user_id_present,
add constraint certificates_user_id_present check (user_id is not null) not valid;

update core.table_access set database_columns = array_remove(database_columns, 'id')
where table_name in ('learn.enrollments', 'learn.lesson_progress', 'learn.quiz_attempts', 'learn.certificates');
update core.table_access set database_columns = array_remove(database_columns, 'verification_code')
where table_name = 'learn.certificates';
call core.apply_table_access();
