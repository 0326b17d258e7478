-- Undo 0032 (seed 003 rollback: Certificate). Loses every issued certificate
-- and its verification code.

drop table learn.certificates;
drop function learn.refuse_unearned_certificate();
drop function learn.certificate_is_earned(bigint);
