-- transactional: false
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
    filled bigint;
begin
    loop
        update learn.lesson_progress as p set user_id = e.user_id
        from learn.enrollments as e
        where e.id = p.enrollment_id and p.id in (
            select l.id from learn.lesson_progress as l where l.user_id is null order by l.id limit batch_size
        );
        get diagnostics filled = row_count;
        exit when filled = 0;
        rows_filled := rows_filled + filled;
        commit;
    end loop;
    loop
        update learn.quiz_attempts as q set user_id = e.user_id
        from learn.enrollments as e
        where e.id = q.enrollment_id and q.id in (
            select a.id from learn.quiz_attempts as a where a.user_id is null order by a.id limit batch_size
        );
        get diagnostics filled = row_count;
        exit when filled = 0;
        rows_filled := rows_filled + filled;
        commit;
    end loop;
    loop
        update learn.certificates as c set user_id = e.user_id
        from learn.enrollments as e
        where e.id = c.enrollment_id and c.id in (
            select r.id from learn.certificates as r where r.user_id is null order by r.id limit batch_size
        );
        get diagnostics filled = row_count;
        exit when filled = 0;
        rows_filled := rows_filled + filled;
        commit;
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
