-- name: record_quiz_attempt
-- description: Record a quiz attempt of an active enrolment and say whether it passed the course's score
-- mode: write
-- param: enrollment_id int >= 1 | the enrolment
-- param: score numeric >= 0 <= 100 | the score, in percent
--
-- The best attempt counts for the certificate (issue_certificates,
-- complete_course). passed is null for a course without a passing score.
with attempt as (
    insert into learn.quiz_attempts (enrollment_id, user_id, score)
    select
        e.id,
        e.user_id,
        {{ score }}::numeric
    from learn.enrollments as e
    where e.id = {{ enrollment_id }}::bigint and e.status = 'active'
    returning id, enrollment_id, score, attempted_at
)

select
    a.id as attempt_id,
    a.enrollment_id,
    a.score,
    c.passing_score,
    a.score >= c.passing_score as passed,
    a.attempted_at
from attempt as a
inner join learn.enrollments as e on a.enrollment_id = e.id
inner join learn.courses as c on e.course_id = c.id
