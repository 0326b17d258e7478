-- name: verify_certificate
-- description: Look up a certificate by its public verification code
-- mode: read
-- param: code text | the verification code printed on the certificate
select
    u.first_name,
    u.last_name,
    co.title as course,
    c.issued_at,
    c.verification_code
from learn.certificates as c
inner join learn.enrollments as e on c.enrollment_id = e.id
inner join learn.courses as co on e.course_id = co.id
inner join core.users as u on e.user_id = u.id
where c.verification_code = upper({{ code }}::text)
