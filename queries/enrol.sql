-- name: enrol
-- description: Enrol a user in a published course (enrolling again changes nothing)
-- mode: write
-- param: user_id int >= 1 | the learner
-- param: course_id int >= 1 | the course
--
-- Returns the enrolment; no row when the course does not exist or is not
-- published.
insert into learn.enrollments as e (user_id, course_id)
select
    {{ user_id }}::bigint,
    id
from learn.courses
where id = {{ course_id }}::bigint and published
on conflict (user_id, course_id) do update set status = e.status
returning e.id as enrollment_id, e.user_id, e.course_id, e.status, e.enrolled_at
