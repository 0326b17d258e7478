-- description: every certificate was earned (all lessons complete, quiz passed) and its enrolment is completed
select
    c.id as certificate_id,
    e.id as enrollment_id,
    e.status,
    learn.certificate_is_earned(e.id) as earned
from learn.certificates as c
inner join learn.enrollments as e on c.enrollment_id = e.id
where not coalesce(learn.certificate_is_earned(e.id), false) or e.status <> 'completed'
order by c.id
