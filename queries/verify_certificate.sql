-- name: verify_certificate
-- description: Look up a certificate by its public verification code: valid or invalid, as issued
-- mode: read
-- param: code text | the verification code printed on the certificate
--
-- Shows the name and grade recorded when the certificate was issued (for
-- a certificate that records no name, learner_name null, the current
-- name). An invalidated certificate answers is_valid = false with the reason.
select
    coalesce(c.learner_name, nullif(concat_ws(' ', u.first_name, u.last_name), '')) as learner,
    co.title as course,
    c.grade,
    c.issued_at,
    c.verification_code,
    c.status = 'issued' as is_valid,
    c.status,
    c.invalidated_at,
    c.invalidation_reason
from learn.certificates as c
inner join learn.enrollments as e on c.enrollment_id = e.id
inner join learn.courses as co on e.course_id = co.id
inner join core.users as u on e.user_id = u.id
where c.verification_code = upper({{ code }}::text)
