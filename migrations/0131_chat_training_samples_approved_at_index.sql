-- transactional: false
--
-- export_training_batch finds the samples approved since its previous run
-- (its watermark, core.job_window) through this index, and reads only
-- those, instead of every approved sample. Built CONCURRENTLY: reviewers
-- go on approving meanwhile (an interrupted build is rebuilt by
-- `gamedb migrate`).

create index concurrently idx_training_samples_approved_at on chat.training_samples (approved_at)
where approved;
