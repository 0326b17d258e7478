-- description: every training sample's conversation message exists
-- No foreign key holds it (a partitioned chat.conversation_logs has
-- no key on id alone to point at); chat.refuse_unknown_conversation_log
-- checks a sample when it is written, chat.keep_sampled_conversation_logs
-- a message when it is deleted, and this checks every row.
select
    t.id as training_sample_id,
    t.conversation_log_id
from chat.training_samples as t
where
    t.conversation_log_id is not null
    and not exists (
        select from chat.conversation_logs as l
        where l.id = t.conversation_log_id
    )
order by t.id
