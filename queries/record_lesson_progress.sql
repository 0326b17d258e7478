-- name: record_lesson_progress
-- description: Record a learner's progress in one lesson of their enrolment; progress never goes down
-- mode: write
-- param: enrollment_id int >= 1 | the enrolment
-- param: lesson_id int >= 1 | a lesson of the enrolment's course (the database refuses another course's)
-- param: percent int >= 0 <= 100 | progress in the lesson; 100 completes it
insert into learn.lesson_progress as p (enrollment_id, user_id, course_id, lesson_id, progress_percent, completed_at)
select
    e.id,
    e.user_id,
    e.course_id,
    {{ lesson_id }}::bigint,
    {{ percent }}::integer,
    case when {{ percent }}::integer = 100 then now() end
from learn.enrollments as e
where e.id = {{ enrollment_id }}::bigint and e.status = 'active'
on conflict on constraint lesson_progress_enrollment_id_lesson_id_key do update
    set
        progress_percent = greatest(p.progress_percent, excluded.progress_percent),
        completed_at = coalesce(p.completed_at, excluded.completed_at)
returning p.enrollment_id, p.lesson_id, p.progress_percent, p.completed_at
