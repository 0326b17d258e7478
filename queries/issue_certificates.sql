-- name: issue_certificates
-- description: Issue a certificate to every enrolment that has earned one and has none yet
-- mode: write
-- schedule: */10 * * * *
--
-- Earned: every lesson of the course complete and, if the course has a
-- quiz, the best attempt at or above its passing score (the database refuses
-- any other certificate). Each enrolment gets one certificate (unique), so a
-- second run issues nothing; the enrolment is marked completed.
with earned as (
    select
        e.id,
        e.user_id
    from learn.enrollments as e
    where
        e.status = 'active'
        and not exists (
            select 1 from learn.certificates as c
            where c.enrollment_id = e.id
        )
        and learn.certificate_is_earned(e.id)
    for update of e skip locked
),

issued as (
    insert into learn.certificates (enrollment_id, user_id)
    select
        earned.id,
        earned.user_id
    from earned
    on conflict on constraint certificates_enrollment_id_key do nothing
    returning id, enrollment_id, verification_code, issued_at
),

completed as (
    update learn.enrollments as e
    set status = 'completed', completed_at = i.issued_at
    from issued as i
    where e.id = i.enrollment_id
    returning e.id, e.user_id, e.course_id
)

select
    i.id as certificate_id,
    c.user_id,
    c.course_id,
    i.verification_code,
    i.issued_at
from issued as i
inner join completed as c on i.enrollment_id = c.id
order by i.id
