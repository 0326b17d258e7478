-- Undo 0059: drops the knowledge graph baseline. Loses concepts, their
-- prerequisites, attempts, mastery and rubric evaluations.

drop table learn.rubric_evaluations;
drop table learn.mastery_records;
drop table learn.concept_attempts;
drop table learn.concept_prerequisites;
drop table learn.concepts;
