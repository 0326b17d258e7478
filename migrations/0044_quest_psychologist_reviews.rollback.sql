-- Undo 0044 (seed 002 downgrade: PsychologistReview, Quest.psychologist_review_id).
-- Loses every review.

alter table quest.quests drop column psychologist_review_id;
drop table quest.psychologist_reviews;
