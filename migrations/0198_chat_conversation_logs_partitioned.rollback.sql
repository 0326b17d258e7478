-- Undo 0198: chat.conversation_logs is one plain table again, holding every
-- message.
--
-- Under an exclusive lock: every partition is detached, the rows of the
-- monthly ones are copied into the history partition and the monthly ones
-- dropped; the history partition takes back the name, the identity (its
-- sequence continues), the key on (id) and 0196's index, the other
-- indexes' names, the triggers, the comment, grants, the analysts' view
-- and the CHECK 0197 validated. Unlike 0198, this builds two indexes and
-- validates the CHECK under the lock (a scan of the log): a rollback is
-- the rare path.

lock table report.conversation_logs in access exclusive mode;
lock table chat.conversation_logs in access exclusive mode;

create temporary table conversation_logs_rollback on commit drop as
select
    (select s.last_value from chat.conversation_logs_id_seq as s) as last_value,
    (select s.is_called from chat.conversation_logs_id_seq as s) as is_called,
    -- 0197's boundary; a later month's start if messages were logged past it since.
    greatest(
        (
            select b.ends from core.partition_bounds('chat.conversation_logs') as b
            where b.partition = 'chat.conversation_logs_history'::regclass
        ),
        (select date_trunc('month', max(l.created_at)) + interval '1 month' from chat.conversation_logs as l)
    ) as boundary;

do $$
declare
    p regclass;
begin
    for p in select b.partition from core.partition_bounds('chat.conversation_logs') as b loop
        execute format('alter table chat.conversation_logs detach partition %s', p);
        if p <> 'chat.conversation_logs_history'::regclass then
            execute format('insert into chat.conversation_logs_history select * from %s', p);
            execute format('drop table %s', p);
        end if;
    end loop;
end;
$$;

-- The view reads the history table, which takes back the name below (the view follows it).
create or replace view report.conversation_logs as
select
    c.id,
    c.user_id,
    c.session_id,
    core.mask_phone(c.phone_number) as phone_number,
    c.channel,
    length(c.user_message) as user_message_length,
    length(c.bot_response) as bot_response_length,
    c.message_type,
    c.nlu_intent,
    c.nlu_confidence,
    c.nlu_language,
    c.nlu_tone,
    c.nlu_provider,
    c.nlu_processing_time_ms,
    c.routed_to,
    c.response_type,
    c.response_success,
    c.response_time_ms,
    c.turn_number,
    c.is_training_candidate,
    c.created_at
from chat.conversation_logs_history as c;

delete from core.partitioned_tables
where table_name = 'chat.conversation_logs';
drop table chat.conversation_logs;

alter table chat.conversation_logs_history rename to conversation_logs;
comment on table chat.conversation_logs is
'One row per message with its full NLU analysis and routing (seed 000): analytics and training mining.';
alter table chat.conversation_logs alter column id add generated always as identity (
    sequence name chat.conversation_logs_id_seq
);
select setval('chat.conversation_logs_id_seq', r.last_value, r.is_called) from conversation_logs_rollback as r;
alter table chat.conversation_logs drop constraint conversation_logs_history_pkey;
alter table chat.conversation_logs add constraint conversation_logs_pkey primary key (id);
create unique index idx_conversation_logs_id_created_at on chat.conversation_logs (id, created_at);
alter index chat.conversation_logs_history_created_at_idx rename to idx_conversation_logs_created;
alter index chat.conversation_logs_history_nlu_intent_idx rename to idx_conversation_logs_intent;
alter index chat.conversation_logs_history_session_id_idx rename to idx_conversation_logs_session;
alter index chat.conversation_logs_history_is_training_candidate_idx rename to idx_conversation_logs_training;
alter index chat.conversation_logs_history_user_id_idx rename to idx_conversation_logs_user;
create trigger conversation_logs_user_names_a_user
after insert or update of user_id on chat.conversation_logs
for each row execute function core.refuse_unknown_users('user_id');
create trigger conversation_logs_keep_played
after delete or update of id on chat.conversation_logs
for each row execute function play.keep_played_chat_rows();
create trigger conversation_logs_keep_sampled
after delete or update of id on chat.conversation_logs
for each row execute function chat.keep_sampled_conversation_logs();
do $$
begin
    execute format(
        'alter table chat.conversation_logs add constraint conversation_logs_created_before_partitioning'
        ' check (created_at < %L)',
        (select r.boundary from conversation_logs_rollback as r)
    );
end;
$$;
call core.apply_table_access('chat.conversation_logs');
