-- transactional: false
--
-- chat.conversation_logs becomes a table partitioned by month of
-- created_at. It is the largest log: a row for every message the bot
-- receives, for ever, read by time (analytics, the retention job) and by
-- session or user. Partitioned, reads that bound the time touch only their
-- months, each month is vacuumed on its own, and a month past the
-- retention goes whole once nothing in it is kept.
--
-- Retention stays a privacy rule first: apply_retention still removes,
-- in batches, every message older than retention_conversation_days that
-- no training sample or game names, from any month (a month that holds one
-- such message stays, so its other rows cannot wait for the month to go).
-- maintain_partitions then drops each month that ended more than the
-- retention ago and holds no named message (core.partitioned_tables'
-- keep_while): no DELETE for what is left, no empty tables piling up.
--
-- Done on a live database without a scan under an exclusive lock, as 0177
-- did for the fact checks: 0196 built the (id, created_at) key's index
-- CONCURRENTLY and moved the training samples' foreign key to triggers,
-- 0197 validated a CHECK that every message is before a boundary. In this
-- one short transaction, the existing table, renamed
-- chat.conversation_logs_history, becomes the first partition (every time
-- up to the boundary; the CHECK proves its rows fit, so ATTACH does not
-- scan them), under a new partitioned chat.conversation_logs with the same
-- columns, checks, indexes, triggers, comments and grants; its identity
-- continues the old one's sequence, and the analysts' view
-- report.conversation_logs reads the new table. Every statement changes
-- only the catalog; the exclusive lock on the old table is held for
-- milliseconds (the runner's lock_timeout bounds the wait, and retries).
--
-- What changes for readers and writers: the primary key is (id,
-- created_at) (ids stay unique: only the identity hands them out, 0197);
-- a lookup by id alone reads each month's key; the partitions grant
-- nothing to gamedb_app or gamedb_readonly, which go through
-- chat.conversation_logs (and report.conversation_logs).

-- The swap is one statement, a DO block, so that it commits on its own:
-- the months ahead are then made by the next statement, after the lock is
-- gone (each made apart and attached, which takes the parent only SHARE
-- UPDATE EXCLUSIVE). The history partition holds every time up to the
-- boundary, at least a month ahead, so no write waits for them. A rerun
-- after a crash finds the table partitioned and only makes the months.
--
-- The view is locked first, as its readers take it (LOCK on a view also
-- locks the tables it reads, in that order), so that a reader and this
-- migration never wait on each other.
do $$
begin
    if exists (select from pg_partitioned_table where partrelid = 'chat.conversation_logs'::regclass) then
        return;
    end if;
    lock table report.conversation_logs in access exclusive mode;
    lock table chat.conversation_logs in access exclusive mode;
    alter table chat.conversation_logs drop constraint conversation_logs_pkey;
    alter table chat.conversation_logs rename to conversation_logs_history;
    alter table chat.conversation_logs_history add constraint conversation_logs_history_pkey
    primary key using index idx_conversation_logs_id_created_at;
    alter index chat.idx_conversation_logs_created rename to conversation_logs_history_created_at_idx;
    alter index chat.idx_conversation_logs_intent rename to conversation_logs_history_nlu_intent_idx;
    alter index chat.idx_conversation_logs_session rename to conversation_logs_history_session_id_idx;
    alter index chat.idx_conversation_logs_training rename to conversation_logs_history_is_training_candidate_idx;
    alter index chat.idx_conversation_logs_user rename to conversation_logs_history_user_id_idx;
    drop trigger conversation_logs_user_names_a_user on chat.conversation_logs_history;
    drop trigger conversation_logs_keep_played on chat.conversation_logs_history;
    drop trigger conversation_logs_keep_sampled on chat.conversation_logs_history;
    alter sequence chat.conversation_logs_id_seq rename to conversation_logs_history_id_seq;

    -- Same columns, defaults, checks and column comments as the old table.
    create table chat.conversation_logs (
        like chat.conversation_logs_history including defaults including constraints including comments
    ) partition by range (created_at);
    alter table chat.conversation_logs drop constraint conversation_logs_created_before_partitioning;
    alter table chat.conversation_logs add constraint conversation_logs_pkey primary key (id, created_at);
    alter table chat.conversation_logs alter column id add generated always as identity (
        sequence name chat.conversation_logs_id_seq
    );
    perform setval('chat.conversation_logs_id_seq', s.last_value, s.is_called)
    from chat.conversation_logs_history_id_seq as s;
    alter table chat.conversation_logs_history alter column id drop identity;
    comment on table chat.conversation_logs is
    'One row per message with its full NLU analysis and routing (seed 000): analytics and training mining. '
    'Partitioned by month of created_at.';

    -- Each index matches the history partition's, which it takes over as it is.
    create index idx_conversation_logs_created on chat.conversation_logs (created_at desc);
    create index idx_conversation_logs_intent on chat.conversation_logs (nlu_intent);
    create index idx_conversation_logs_session on chat.conversation_logs (session_id);
    create index idx_conversation_logs_training on chat.conversation_logs (is_training_candidate);
    create index idx_conversation_logs_user on chat.conversation_logs (user_id);

    -- Declared on the log, each trigger fires on every partition.
    create trigger conversation_logs_user_names_a_user
    after insert or update of user_id on chat.conversation_logs
    for each row execute function core.refuse_unknown_users('user_id');
    create trigger conversation_logs_keep_played
    after delete or update of id on chat.conversation_logs
    for each row execute function play.keep_played_chat_rows();
    create trigger conversation_logs_keep_sampled
    after delete or update of id on chat.conversation_logs
    for each row execute function chat.keep_sampled_conversation_logs();

    -- The boundary 0197 validated: the history partition holds every time before it.
    execute format(
        'alter table chat.conversation_logs attach partition chat.conversation_logs_history'
        ' for values from (minvalue) to (%L)',
        (
            select (regexp_match(pg_get_constraintdef(c.oid), '''([^'']+)'''))[1]::timestamptz
            from pg_constraint as c
            where
                c.conrelid = 'chat.conversation_logs_history'::regclass
                and c.conname = 'conversation_logs_created_before_partitioning'
        )
    );
    alter table chat.conversation_logs_history drop constraint conversation_logs_created_before_partitioning;
    comment on table chat.conversation_logs_history is
    'Partition of chat.conversation_logs: the messages logged before it was partitioned.';
    revoke all on chat.conversation_logs_history from gamedb_app, gamedb_readonly;
    call core.apply_table_access('chat.conversation_logs');

    -- The analysts' view, as 0092 wrote it, over the partitioned table.
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
    from chat.conversation_logs as c;

    -- keep_while runs on one month at a time: `id` is the month's message.
    insert into core.partitioned_tables (table_name, retention_setting, keep_while, why)
    values (
        'chat.conversation_logs',
        'retention_conversation_days',
        'id in (select t.conversation_log_id from chat.training_samples as t)'
        ' or id in (select g.conversation_log_id from play.game_sessions as g)',
        'every message the bot received; apply_retention removes the unnamed ones past retention_conversation_days, '
        'and a month goes whole once it ended that long ago and no training sample or game names a message in it'
    );
end;
$$;

select
    m.table_name,
    m.partition_name,
    m.action
from core.maintain_partitions() as m
where m.table_name = 'chat.conversation_logs';
