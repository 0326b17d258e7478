-- Undo 0164: the enrolment's rows lose user_id and its trigger; any
-- update of a lesson's progress row stamps updated_at again, and any
-- update of a certificate checks again that it is earned.

drop trigger certificates_refuse_unearned on learn.certificates;
create trigger certificates_refuse_unearned
before insert or update on learn.certificates
for each row execute function learn.refuse_unearned_certificate();

drop trigger lesson_progress_touch_updated_at on learn.lesson_progress;
create trigger lesson_progress_touch_updated_at
before update on learn.lesson_progress
for each row execute function core.touch_updated_at();

drop trigger certificates_fill_user on learn.certificates;
drop trigger quiz_attempts_fill_user on learn.quiz_attempts;
drop trigger lesson_progress_fill_user on learn.lesson_progress;
drop function learn.fill_enrolment_user();

alter table learn.certificates drop column user_id;
alter table learn.quiz_attempts drop column user_id;
alter table learn.lesson_progress drop column user_id;
