-- phase: post-deploy
--
-- Contract step of 0130: the samples' used_in_training and
-- training_batch_id go, with their check, the export queue's partial index
-- (its predicate is the flag: PostgreSQL drops it with the column) and the
-- trigger that copied the flag into
-- chat.training_batch_samples. Which batch a sample went out in is now
-- read there (docs/requirements.md, deviations: seed 000's two columns).
--
-- Post-deploy: the previous release's export and an application that
-- reads or sets the flag must be gone first. Dropping columns, a
-- constraint and an index changes only the catalog (no rewrite, no scan);
-- it takes a brief exclusive lock on chat.training_samples, under the
-- runner's lock_timeout and retries.
-- squawk-ignore-file ban-drop-function, ban-drop-constraint, ban-drop-column

drop trigger training_samples_record_flagged_export on chat.training_samples;
drop function chat.record_flagged_export();

alter table chat.training_samples
drop constraint training_samples_used_check,
drop column used_in_training,
drop column training_batch_id;
