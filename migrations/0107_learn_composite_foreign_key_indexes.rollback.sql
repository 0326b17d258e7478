-- transactional: false
--
-- Undo 0107: the three indexes go, concurrently (writes go on).

drop index concurrently learn.idx_lesson_progress_lesson_id_course_id;
drop index concurrently learn.idx_lesson_progress_enrollment_id_course_id;
drop index concurrently learn.idx_course_assets_lesson_id_course_id;
