-- Undo 0003: every object of the chat module, by name, and its partitions'
-- registration.
-- It drops the module's tables with every row in them: back up first.

delete from core.partitioned_tables
where table_name in ('chat.conversation_logs', 'chat.conversation_memory');
drop function chat.review_training_sample(bigint, text, text, text, jsonb);
drop function chat.approve_training_samples(text, text, text, numeric, integer);
drop table
chat.training_samples,
chat.training_batches,
chat.training_batch_samples,
chat.flow_runs,
chat.flows,
chat.conversation_memory,
chat.conversation_logs;
drop function chat.refuse_unknown_conversation_log();
drop function chat.protect_critical_flows();
drop function chat.keep_sampled_conversation_logs();
drop function chat.keep_exported_samples();
drop function chat.check_training_sample_confidence();
