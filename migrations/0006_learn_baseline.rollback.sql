-- Undo 0006: every object of the learn module, by name, and its partitions'
-- registration.
-- It drops the module's tables with every row in them: back up first.

delete from core.partitioned_tables
where table_name in ('learn.behavior_logs');
drop function learn.invalidate_certificate(text, bigint, text);
drop function learn.certificate_is_earned(bigint);
drop table
learn.rubric_evaluations,
learn.quiz_attempts,
learn.mastery_records,
learn.lesson_progress,
learn.course_assets,
learn.lessons,
learn.concept_prerequisites,
learn.concept_attempts,
learn.concepts,
learn.certificates,
learn.enrollments,
learn.courses,
learn.behavior_logs,
learn.ai_analyses;
drop function learn.refuse_unknown_answer();
drop function learn.refuse_unearned_certificate();
drop function learn.record_certificate_snapshot();
drop function learn.keep_evaluated_answers();
drop function learn.fill_enrolment_user();
drop function learn.check_ai_analysis_result(jsonb);
