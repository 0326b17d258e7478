-- The enrolment's rows must name their learner: a CHECK (user_id is not
-- null) on each, added NOT VALID so that nothing is scanned under this
-- short transaction's lock; new and updated rows are checked from here
-- on (0164's trigger fills user_id, so none is refused). 0167 validates
-- the checks without blocking writers, then turns them into NOT NULL.

alter table learn.lesson_progress
add constraint lesson_progress_user_id_present check (user_id is not null) not valid;
alter table learn.quiz_attempts
add constraint quiz_attempts_user_id_present check (user_id is not null) not valid;
alter table learn.certificates
add constraint certificates_user_id_present check (user_id is not null) not valid;
