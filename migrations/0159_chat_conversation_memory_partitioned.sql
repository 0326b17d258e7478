-- transactional: false
-- revises: 3fa2fbe1c850112910d7042ef87b631ed725969f2b4d2f6c36e973bed6beaf55
--
-- Revised after release, with the same result: the swap is one DO block
-- that commits on its own, and the months ahead are made after it, outside
-- its lock (README, "Scaling out"). A rerun after a crash skips the swap.
--
-- chat.conversation_memory becomes a table partitioned by month of
-- created_at, so that the turns older than retention_conversation_days
-- leave by dropping a whole month (no DELETE, no bloat, no vacuum of the
-- turns that stay) and reads by time touch only the months they ask for.
-- The table grows with every turn of every conversation with the bot.
--
-- Done on a live database without a scan under an exclusive lock, as 0138
-- did for the event log: 0157 built the (id, user_id, created_at) key's
-- index CONCURRENTLY and 0158 validated a CHECK that every turn is before
-- a boundary. In this one short transaction, the existing table, renamed
-- chat.conversation_memory_history, becomes the first partition (every
-- time up to the boundary; the CHECK proves its rows fit, so ATTACH does
-- not scan them), under a new partitioned chat.conversation_memory with
-- the same columns, checks, foreign key, indexes, comments and grants.
-- Its identity continues the old one's sequence. Every statement here
-- changes only the catalog; the ACCESS EXCLUSIVE lock on the old table is
-- held for milliseconds (the runner's lock_timeout bounds the wait for
-- it, and retries).
--
-- What changes for readers and writers:
-- - the primary key is (id, user_id, created_at): ids stay unique (the
--   identity hands them out and the application may not name one, 0153);
-- - core.maintain_partitions (the daily job maintain_partitions) keeps it,
--   from its row in core.partitioned_tables (0156): the months ahead are
--   created, and whole months dropped once they ended more than
--   retention_conversation_days ago. apply_retention's batches still
--   remove the old turns of the history partition, until it can be
--   dropped whole;
-- - the partitions grant nothing to gamedb_app or gamedb_readonly: they
--   read and write through chat.conversation_memory (the invariant
--   partitions_grant_nothing checks it).

do $swap$
begin
    if exists (select from pg_partitioned_table where partrelid = 'chat.conversation_memory'::regclass) then
        return;
    end if;
    -- The swap. Squawk's warnings on renames, the dropped key and the dropped
    -- identity concern the old table only: chat.conversation_memory keeps its
    -- name, columns and identity for every client, under the new partitioned
    -- table.
    -- squawk-ignore-file renaming-table, renaming-object, ban-drop-constraint, ban-alter-identity
    --
    -- The foreign key to core.users needs that table's SHARE ROW EXCLUSIVE lock.
    -- Taken first, in the order writers take them (a user, then the turns of
    -- its conversation), so that a writer and this migration never wait on
    -- each other.
    lock table core.users in share row exclusive mode;
    lock table chat.conversation_memory in access exclusive mode;
    alter table chat.conversation_memory drop constraint conversation_memory_pkey;
    alter table chat.conversation_memory rename to conversation_memory_history;
    alter table chat.conversation_memory_history add constraint conversation_memory_history_pkey
    primary key using index idx_conversation_memory_id_user_id_created_at;
    alter index chat.idx_conversation_memory_created_at rename to conversation_memory_history_created_at_idx;
    alter index chat.idx_conversation_memory_session rename to conversation_memory_history_session_id_idx;
    alter index chat.idx_conversation_memory_user_id rename to conversation_memory_history_user_id_idx;
    alter sequence chat.conversation_memory_id_seq rename to conversation_memory_history_id_seq;

    create table chat.conversation_memory (
        id bigint generated always as identity (sequence name chat.conversation_memory_id_seq),
        user_id bigint not null,
        role varchar(10),
        content text not null,
        turn_number integer,
        session_id varchar(100),
        created_at timestamptz not null default now(),
        constraint conversation_memory_pkey primary key (id, user_id, created_at),
        constraint conversation_memory_user_id_fkey foreign key (user_id) references core.users (id),
        constraint conversation_memory_role_check check (role in ('user', 'assistant'))
    ) partition by range (created_at);
    comment on table chat.conversation_memory is
    'Lightweight turn-by-turn history for conversation context (seed 001: kept as is). Partitioned by month of '
    'created_at.';
    comment on column chat.conversation_memory.role is 'Who spoke: user or assistant.';
    comment on column chat.conversation_memory.turn_number is 'Position of the turn in its session.';

    perform setval('chat.conversation_memory_id_seq', s.last_value, s.is_called)
    from chat.conversation_memory_history_id_seq as s;
    alter table chat.conversation_memory_history alter column id drop identity;

    create index idx_conversation_memory_created_at on chat.conversation_memory (created_at);
    create index idx_conversation_memory_session on chat.conversation_memory (session_id);
    create index idx_conversation_memory_user_id on chat.conversation_memory (user_id);

    -- The boundary 0158 validated: the history partition holds every time before it.
    begin
        execute format(
            'alter table chat.conversation_memory attach partition chat.conversation_memory_history'
            ' for values from (minvalue) to (%L)',
            (
                select (regexp_match(pg_get_constraintdef(c.oid), '''([^'']+)'''))[1]::timestamptz
                from pg_constraint as c
                where
                    c.conrelid = 'chat.conversation_memory_history'::regclass
                    and c.conname = 'conversation_memory_created_before_partitioning'
            )
        );
    end;
    alter table chat.conversation_memory_history drop constraint conversation_memory_created_before_partitioning;
    comment on table chat.conversation_memory_history is
    'Partition of chat.conversation_memory: the turns written before it was partitioned.';
    revoke all on chat.conversation_memory_history from gamedb_app, gamedb_readonly;
    call core.apply_table_access();

    insert into core.partitioned_tables (table_name, retention_setting, why)
    values (
        'chat.conversation_memory', 'retention_conversation_days',
        'the bot''s memory of each user; a month goes whole once it ended retention_conversation_days ago'
    );
end;
$swap$;

select
    m.table_name,
    m.partition_name,
    m.action
from core.maintain_partitions() as m
where m.table_name = 'chat.conversation_memory';
