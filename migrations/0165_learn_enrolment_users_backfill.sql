-- transactional: false
-- revises: 1525caeab27e68fc4450d404565bc343cb180c2f15ced2142a4c613afd620517
--
-- Gives the lesson progress, quiz attempts and certificates written before
-- 0164 their learner's user_id, then builds the indexes 0167 makes
-- into keys and foreign keys holding the user:
--   learn.enrollments      (id, user_id), (id, course_id, user_id)
--   learn.lesson_progress  (id, user_id), (enrollment_id, lesson_id, user_id),
--                          (enrollment_id, course_id, user_id)
--   learn.quiz_attempts    (id, user_id), (enrollment_id, user_id)
--   learn.certificates     (id, user_id), (enrollment_id, user_id),
--                          (verification_code, user_id)
-- On a live database: the backfill updates at most batch_size rows per
-- transaction (rows still without a user, by id), so no row stays locked
-- for long; a stop leaves it resumable (CALL it again, or run `gamedb
-- migrate` again). The indexes are built CONCURRENTLY (writes go on; an
-- interrupted build is rebuilt by `gamedb migrate`).

-- Or replace: a run interrupted during the call below runs the whole file again.
create or replace procedure learn.backfill_enrolment_users(
    batch_size integer default 500, inout rows_filled bigint default 0
)
language plpgsql as $$
declare
    target text;
    last_id bigint;
    filled bigint;
begin
    foreach target in array array['learn.lesson_progress', 'learn.quiz_attempts', 'learn.certificates'] loop
        last_id := 0;
        loop
            -- Each batch starts after the last id of the one before: the rows filled already are not read
            -- again (revised: the first version looked from the table's start every time, so the batches
            -- cost more and more, 20 minutes for 1.3M of 2M lessons at SCALE=1).
            execute format(
                'with batch as (select t.id from %1$s as t where t.id > $2 and t.user_id is null'
                ' order by t.id limit $1),'
                ' filled as (update %1$s as r set user_id = e.user_id from learn.enrollments as e'
                ' where e.id = r.enrollment_id and r.id in (select b.id from batch as b) returning r.id)'
                ' select (select max(b.id) from batch as b), (select count(*) from filled)',
                target
            ) into last_id, filled using batch_size, last_id;
            exit when last_id is null;
            rows_filled := rows_filled + filled;
            commit;
        end loop;
    end loop;
end;
$$;
-- (sqlfluff misreads the argument list of COMMENT ON PROCEDURE, hence the noqa.)
comment on procedure learn.backfill_enrolment_users(integer, bigint) is  -- noqa: LT01
'Gives rows written before 0164 their enrolment''s user_id, in committed batches; resumable (CALL it again).';

call learn.backfill_enrolment_users();

create unique index concurrently idx_enrollments_id_user_id on learn.enrollments (id, user_id);
create unique index concurrently idx_enrollments_id_course_id_user_id on learn.enrollments (id, course_id, user_id);
create unique index concurrently idx_lesson_progress_id_user_id on learn.lesson_progress (id, user_id);
create unique index concurrently idx_lesson_progress_enrollment_id_lesson_id_user_id
on learn.lesson_progress (enrollment_id, lesson_id, user_id);
create index concurrently idx_lesson_progress_enrollment_id_course_id_user_id
on learn.lesson_progress (enrollment_id, course_id, user_id);
create unique index concurrently idx_quiz_attempts_id_user_id on learn.quiz_attempts (id, user_id);
create index concurrently idx_quiz_attempts_enrollment_id_user_id on learn.quiz_attempts (enrollment_id, user_id);
create unique index concurrently idx_certificates_id_user_id on learn.certificates (id, user_id);
create unique index concurrently idx_certificates_enrollment_id_user_id on learn.certificates (enrollment_id, user_id);
create unique index concurrently idx_certificates_verification_code_user_id
on learn.certificates (verification_code, user_id);
