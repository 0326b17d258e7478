-- Undo 0110: reviews are raw updates again. Decisions made stay.

update core.table_access
set database_columns = '{}', why = 'NLU training data'
where table_name = 'chat.training_samples';
call core.apply_table_access();

drop function chat.approve_training_samples(text, text, text, numeric, integer);
drop function chat.review_training_sample(bigint, text, text, text, jsonb);
