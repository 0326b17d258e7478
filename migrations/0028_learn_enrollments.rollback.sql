-- Undo 0028 (seed 003 rollback: QuizAttempt, LessonProgress, Enrollment).
-- Loses every enrolment, its lesson progress and its quiz attempts.

drop table learn.quiz_attempts;
drop table learn.lesson_progress;
drop table learn.enrollments;
