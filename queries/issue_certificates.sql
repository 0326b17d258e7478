-- name: issue_certificates
-- description: Issue a certificate to every enrolment that has earned one and has none yet
-- mode: write
-- schedule: */10 * * * *
-- param: issue_all bool = false | look at every active enrolment, not only those whose progress changed
--
-- Earned: every lesson of the course complete and, if the course has a
-- quiz, the best attempt at or above its passing score (the database refuses
-- any other certificate). Each enrolment gets one certificate (unique), so a
-- second run issues nothing; the enrolment is marked completed.
--
-- Incremental: a run looks only at the enrolments with lesson progress or a
-- quiz attempt written since its watermark (core.job_watermarks, less
-- incremental_overlap_minutes for transactions that committed late): what
-- can have just been earned. The first run of each day (UTC), the first
-- ever and issue_all=true look at every active enrolment, so what a change
-- elsewhere earned (a lesson removed from a course, a passing score
-- lowered, an enrolment another transaction held) is issued within a day.
-- Both paths issue the same certificates for the enrolments they look at.
with progress as (
    select
        w.since,
        {{ issue_all }}::boolean or w.is_first_of_day as is_full
    from core.job_window('issue_certificates') as w
),

changed as (
    select p.enrollment_id
    from learn.lesson_progress as p
    cross join progress as w
    where not w.is_full and p.updated_at >= w.since
    union
    select q.enrollment_id
    from learn.quiz_attempts as q
    cross join progress as w
    where not w.is_full and q.attempted_at >= w.since
),

-- Active enrolments: every one in a full run, else the changed ones (read
-- through the changed rows, never by a scan of every enrolment).
-- Materialized, so that the costly "earned?" test below runs on these rows
-- only.
candidates as materialized (
    select e.id
    from progress as w
    inner join learn.enrollments as e on w.is_full
    where e.status = 'active'
    union
    select e.id
    from changed as c
    inner join learn.enrollments as e on c.enrollment_id = e.id
    where e.status = 'active'
),

earned as (
    select
        e.id,
        e.user_id
    from candidates as k
    inner join learn.enrollments as e on k.id = e.id
    where
        not exists (
            select 1 from learn.certificates as c
            where c.enrollment_id = k.id
        )
        and learn.certificate_is_earned(k.id)
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
),

advanced as (
    select core.advance_job_watermark('issue_certificates', w.is_full) as advanced
    from progress as w
)

select
    i.id as certificate_id,
    c.user_id,
    c.course_id,
    i.verification_code,
    i.issued_at
from issued as i
inner join completed as c on i.enrollment_id = c.id
-- No column here: PostgreSQL evaluates this once, before the first row,
-- so the watermark step runs even when nothing was issued.
where (select count(*) from advanced) >= 0
order by i.id
