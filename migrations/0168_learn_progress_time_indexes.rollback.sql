-- transactional: false
--
-- Undo 0168: drops the indexes, CONCURRENTLY. issue_certificates then reads
-- the changed enrolments by scanning the two tables.

drop index concurrently if exists learn.idx_quiz_attempts_attempted_at;
drop index concurrently if exists learn.idx_lesson_progress_updated_at;
