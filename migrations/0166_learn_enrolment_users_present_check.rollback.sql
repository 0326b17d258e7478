-- Undo 0166: the checks go; user_id may be null again.

alter table learn.certificates drop constraint certificates_user_id_present;
alter table learn.quiz_attempts drop constraint quiz_attempts_user_id_present;
alter table learn.lesson_progress drop constraint lesson_progress_user_id_present;
