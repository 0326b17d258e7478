-- Seed 003, I009 course lifecycle, part 2: Certificate.
--
-- A certificate is issued once per enrolment (unique), only when every
-- lesson of the course is complete and, if the course has a quiz, the best
-- attempt reached its passing score. A trigger holds that rule, so no
-- client can issue a certificate that was not earned. The public
-- verification code is random (from gen_random_uuid) and unique.

create function learn.certificate_is_earned(p_enrollment_id bigint) returns boolean
language sql stable as $$
    select
        exists (select 1 from learn.lessons as l where l.course_id = e.course_id)
        and not exists (
            select 1
            from learn.lessons as l
            left join learn.lesson_progress as p on p.lesson_id = l.id and p.enrollment_id = e.id
            where l.course_id = e.course_id and p.completed_at is null
        )
        and (
            c.passing_score is null
            or (select max(q.score) from learn.quiz_attempts as q where q.enrollment_id = e.id) >= c.passing_score
        )
    from learn.enrollments as e
    inner join learn.courses as c on c.id = e.course_id
    where e.id = p_enrollment_id and e.status <> 'cancelled';
$$;
comment on function learn.certificate_is_earned(bigint) is
'True when every lesson of the enrolment''s course is complete and the passing quiz score (if any) reached.';

create table learn.certificates (
    id bigint generated always as identity,
    enrollment_id bigint not null,
    verification_code text not null default upper(replace(gen_random_uuid()::text, '-', '')),
    issued_at timestamptz not null default now(),
    constraint certificates_pkey primary key (id),
    constraint certificates_enrollment_id_key unique (enrollment_id),
    constraint certificates_verification_code_key unique (verification_code),
    constraint certificates_enrollment_id_fkey foreign key (enrollment_id) references learn.enrollments (id)
);
comment on table learn.certificates is 'Proof that an enrolment completed its course, issued once (seed 003, I009).';
comment on column learn.certificates.verification_code is 'Public code anyone can use to verify the certificate.';

create function learn.refuse_unearned_certificate() returns trigger
language plpgsql as $$
begin
    if not coalesce(learn.certificate_is_earned(new.enrollment_id), false) then
        raise exception 'enrolment % has not earned its certificate (lessons incomplete or quiz not passed)',
            new.enrollment_id
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;
comment on function learn.refuse_unearned_certificate() is
'BEFORE INSERT on learn.certificates: only an earned certificate can be issued.';

create trigger certificates_refuse_unearned
before insert or update on learn.certificates
for each row execute function learn.refuse_unearned_certificate();
