-- transactional: false
--
-- Indexes covering the whole of three composite foreign keys. 0034 and
-- 0028 keep a lesson in its own course with keys of two columns
-- (lesson_id, course_id) and (enrollment_id, course_id); the indexes
-- there lead with lesson_id or enrollment_id only, so deleting or updating
-- a lesson or an enrolment made PostgreSQL check the referencing rows
-- through an index on one column and filter the second: a scan of every
-- asset or progress row of that lesson. An index on both columns makes the
-- check one index probe.
--
-- Built CONCURRENTLY on live tables (outside a transaction): writes go on.
-- If a build is interrupted, `gamedb migrate` drops the INVALID index it
-- left and builds it again.

create index concurrently idx_course_assets_lesson_id_course_id
on learn.course_assets (lesson_id, course_id);

create index concurrently idx_lesson_progress_enrollment_id_course_id
on learn.lesson_progress (enrollment_id, course_id);

create index concurrently idx_lesson_progress_lesson_id_course_id
on learn.lesson_progress (lesson_id, course_id);
