-- transactional: false
--
-- issue_certificates reads only the enrolments with lesson progress or a
-- quiz attempt written since its last run (its watermark): these two
-- indexes find them by time, so a run costs what changed, not every active
-- enrolment (1.9 s a run with 50,000 enrolments before, in `make bench`).
--
-- Built CONCURRENTLY on live tables (outside a transaction): writes go on.
-- If a build is interrupted, `gamedb migrate` drops the INVALID index it
-- left and builds it again.

create index concurrently idx_lesson_progress_updated_at on learn.lesson_progress (updated_at);

create index concurrently idx_quiz_attempts_attempted_at on learn.quiz_attempts (attempted_at);
