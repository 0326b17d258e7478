-- Undo 0023: drops courses, lessons, behaviour logs and the learn schema.
-- Loses every course, lesson and behaviour log row.

drop table learn.behavior_logs;
drop table learn.lessons;
drop table learn.courses;
drop schema learn;
