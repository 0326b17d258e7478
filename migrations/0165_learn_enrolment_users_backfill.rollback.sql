-- transactional: false
--
-- Undo 0165: drops the indexes, CONCURRENTLY, and the backfill procedure.
-- The user_id it filled in stays (0164's rollback drops the columns).

drop index concurrently if exists learn.idx_certificates_verification_code_user_id;
drop index concurrently if exists learn.idx_certificates_enrollment_id_user_id;
drop index concurrently if exists learn.idx_certificates_id_user_id;
drop index concurrently if exists learn.idx_quiz_attempts_enrollment_id_user_id;
drop index concurrently if exists learn.idx_quiz_attempts_id_user_id;
drop index concurrently if exists learn.idx_lesson_progress_enrollment_id_course_id_user_id;
drop index concurrently if exists learn.idx_lesson_progress_enrollment_id_lesson_id_user_id;
drop index concurrently if exists learn.idx_lesson_progress_id_user_id;
drop index concurrently if exists learn.idx_enrollments_id_course_id_user_id;
drop index concurrently if exists learn.idx_enrollments_id_user_id;
drop procedure if exists learn.backfill_enrolment_users(integer, bigint);
