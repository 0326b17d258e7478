-- Undo 0116: anyone may review again; the register is dropped.

delete from core.table_access
where table_name = 'quest.psychologists';
drop trigger psychologist_reviews_require_psychologist on quest.psychologist_reviews;
drop function quest.require_psychologist();
drop table quest.psychologists;
