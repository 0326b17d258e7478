-- transactional: false
--
-- Lesson progress, quiz attempts and certificates name their enrolment but
-- not its learner. On Citus (sql/distribution/citus.sql) they live on
-- their learner's shard, so each row must carry the user, and their keys
-- and foreign keys must hold it (0165-0167). Here each gets user_id, the
-- enrolment's learner:
--   * a writer may give it (on Citus the writer must: the user routes the
--     row) or leave it out, and the database fills it from the enrolment;
--   * a user_id other than the enrolment's learner is refused, by the
--     trigger, and from 0167 on by the foreign keys (enrollment_id, user_id) ->
--     learn.enrollments (id, user_id) too.
-- Rows written before this get theirs in 0165, in committed batches.
-- On a live database each statement is its own short transaction (the
-- columns are nullable without a default: catalog changes; each trigger is
-- created or replaced in one statement), so no table stays locked while
-- the next is changed or the privileges are granted. A row written between
-- two of them without its user gets it in 0165. A rerun after a crash
-- finds each step done and does it again: the same columns and triggers.

alter table learn.lesson_progress add column if not exists user_id bigint;
alter table learn.quiz_attempts add column if not exists user_id bigint;
alter table learn.certificates add column if not exists user_id bigint;
comment on column learn.lesson_progress.user_id is
'The enrolment''s learner: the row lives on this user''s shard on Citus. Filled from the enrolment when left out.';
comment on column learn.quiz_attempts.user_id is
'The enrolment''s learner: the row lives on this user''s shard on Citus. Filled from the enrolment when left out.';
comment on column learn.certificates.user_id is
'The enrolment''s learner: the row lives on this user''s shard on Citus. Filled from the enrolment when left out.';

create or replace function learn.fill_enrolment_user() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    learner bigint;
begin
    select e.user_id into learner from learn.enrollments as e where e.id = new.enrollment_id;
    new.user_id := coalesce(new.user_id, learner);
    -- No enrolment: the foreign key on enrollment_id refuses the row.
    if learner is not null and new.user_id <> learner then
        raise exception 'user_id % is not the learner of enrolment %', new.user_id, new.enrollment_id
        using errcode = 'foreign_key_violation';
    end if;
    return new;
end;
$$;
comment on function learn.fill_enrolment_user() is
'BEFORE INSERT OR UPDATE on the enrolment''s rows: fills user_id from the enrolment, refuses another user.';

create or replace trigger lesson_progress_fill_user
before insert or update of enrollment_id, user_id on learn.lesson_progress
for each row execute function learn.fill_enrolment_user();
create or replace trigger quiz_attempts_fill_user
before insert or update of enrollment_id, user_id on learn.quiz_attempts
for each row execute function learn.fill_enrolment_user();
create or replace trigger certificates_fill_user
before insert or update of enrollment_id, user_id on learn.certificates
for each row execute function learn.fill_enrolment_user();

-- A lesson's updated_at says when its progress last changed: giving the
-- row its user (0165, or a writer) changes no progress, so it no longer
-- stamps it. Every other column still does, updated_at itself included
-- (no writer sets it).
create or replace trigger lesson_progress_touch_updated_at
before update of enrollment_id, course_id, lesson_id, progress_percent, completed_at, updated_at
on learn.lesson_progress
for each row execute function core.touch_updated_at();

-- Only an earned certificate is issued: checked when it is written and
-- when it is moved to another enrolment, no longer on every update. A
-- certificate issued before its course gained a lesson stays issued, and
-- giving it its user (or invalidating it) is not refused as "unearned".
create or replace trigger certificates_refuse_unearned
before insert or update of enrollment_id on learn.certificates
for each row execute function learn.refuse_unearned_certificate();

-- The application's column privileges on the new columns, as core.table_access declares.
call core.apply_table_access();
