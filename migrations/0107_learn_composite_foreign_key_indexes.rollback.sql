-- transactional: false
-- revises: 3ab7f319fa4d751598dd98d7833d5d5c6c573ea9fac2dae32ca8edfd1fc80ea9
--
-- Undo 0107: the three indexes go, concurrently (writes go on).
-- If exists: a rollback interrupted part way runs the whole file again
-- (revised; same result).

drop index concurrently if exists learn.idx_lesson_progress_lesson_id_course_id;
drop index concurrently if exists learn.idx_lesson_progress_enrollment_id_course_id;
drop index concurrently if exists learn.idx_course_assets_lesson_id_course_id;
