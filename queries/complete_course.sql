-- name: complete_course
-- description: Complete an enrolment now: issue its certificate (only if earned) and mark it completed
-- mode: write
-- param: enrollment_id int >= 1 | the enrolment
--
-- The database refuses a certificate that was not earned (every lesson
-- complete, the quiz passed): exit 3, nothing changes. issue_certificates
-- does the same for every earned enrolment on its schedule.
with issued as (
    insert into learn.certificates (enrollment_id)
    values ({{ enrollment_id }}::bigint)
    returning id, enrollment_id, verification_code, issued_at
),

completed as (
    update learn.enrollments as e
    set status = 'completed', completed_at = i.issued_at
    from issued as i
    where e.id = i.enrollment_id
    returning e.id
)

select
    i.id as certificate_id,
    i.enrollment_id,
    i.verification_code,
    i.issued_at
from issued as i
inner join completed as c on i.enrollment_id = c.id
