-- transactional: false
-- revises: d68d8afd5543f467a1a1ba196bf6c7eacc221813e4f43f98c6a8fa0a0b5d9271
--
-- Revised after release, with the same result: the swap is one DO block
-- that commits on its own, and the months ahead are made after it, outside
-- its lock (README, "Scaling out"). A rerun after a crash skips the swap.
--
-- learn.behavior_logs becomes a table partitioned by month of created_at.
-- It grows with every lesson opened and quiz submitted, and is only ever
-- appended to and read by time (a learner's recent actions feed the AI
-- analyses and the nudges): reads that bound the time touch only their
-- months, each month is vacuumed on its own, and a month can later be
-- archived or dropped whole (no retention is set: the months are kept).
--
-- Done on a live database without a scan under an exclusive lock, as 0138
-- and 0159 did: 0161 built the (id, user_id, created_at) key's index
-- CONCURRENTLY and 0162 validated a CHECK that every action is before a
-- boundary. In this one short transaction, the existing table, renamed
-- learn.behavior_logs_history, becomes the first partition (every time up
-- to the boundary; the CHECK proves its rows fit, so ATTACH does not scan
-- them), under a new partitioned learn.behavior_logs with the same
-- columns, checks, foreign key, index, comments and grants. Its identity
-- continues the old one's sequence. Every statement here changes only the
-- catalog; the ACCESS EXCLUSIVE lock on the old table is held for
-- milliseconds (the runner's lock_timeout bounds the wait for it, and
-- retries).
--
-- What changes for readers and writers: the primary key is (id, user_id,
-- created_at) (ids stay unique: the identity hands them out and the
-- application may not name one, 0153); core.maintain_partitions keeps the
-- months ahead from its row in core.partitioned_tables (0156); the
-- partitions grant nothing to gamedb_app or gamedb_readonly, which go
-- through learn.behavior_logs.

do $swap$
begin
    if exists (select from pg_partitioned_table where partrelid = 'learn.behavior_logs'::regclass) then
        return;
    end if;
    -- The swap. Squawk's warnings on renames, the dropped key and the dropped
    -- identity concern the old table only: learn.behavior_logs keeps its name,
    -- columns and identity for every client, under the new partitioned table.
    -- squawk-ignore-file renaming-table, renaming-object, ban-drop-constraint, ban-alter-identity
    --
    -- The foreign key to core.users needs that table's SHARE ROW EXCLUSIVE lock.
    -- Taken first, in the order writers take them (a user, then its actions),
    -- so that a writer and this migration never wait on each other.
    lock table core.users in share row exclusive mode;
    lock table learn.behavior_logs in access exclusive mode;
    alter table learn.behavior_logs drop constraint behavior_logs_pkey;
    alter table learn.behavior_logs rename to behavior_logs_history;
    alter table learn.behavior_logs_history add constraint behavior_logs_history_pkey
    primary key using index idx_behavior_logs_id_user_id_created_at;
    alter index learn.idx_behavior_logs_user_id_created_at rename to behavior_logs_history_user_id_created_at_idx;
    alter sequence learn.behavior_logs_id_seq rename to behavior_logs_history_id_seq;

    create table learn.behavior_logs (
        id bigint generated always as identity (sequence name learn.behavior_logs_id_seq),
        user_id bigint not null,
        action text not null,
        created_at timestamptz not null default now(),
        metadata jsonb not null default '{}',
        constraint behavior_logs_pkey primary key (id, user_id, created_at),
        constraint behavior_logs_user_id_fkey foreign key (user_id) references core.users (id),
        constraint behavior_logs_metadata_check check (core.check_jsonb_object(metadata, 'behavior_logs.metadata'))
    ) partition by range (created_at);
    comment on table learn.behavior_logs is
    'What a learner did and when (seed 003: BehaviorLog); feeds AI analyses and nudges. Partitioned by month of '
    'created_at.';
    comment on column learn.behavior_logs.action is 'What happened, e.g. lesson_opened, quiz_submitted.';
    comment on column learn.behavior_logs.metadata is 'Details of the action, a JSON object (seed 003).';

    perform setval('learn.behavior_logs_id_seq', s.last_value, s.is_called)
    from learn.behavior_logs_history_id_seq as s;
    alter table learn.behavior_logs_history alter column id drop identity;

    create index idx_behavior_logs_user_id_created_at on learn.behavior_logs (user_id, created_at);

    -- The boundary 0162 validated: the history partition holds every time before it.
    begin
        execute format(
            'alter table learn.behavior_logs attach partition learn.behavior_logs_history'
            ' for values from (minvalue) to (%L)',
            (
                select (regexp_match(pg_get_constraintdef(c.oid), '''([^'']+)'''))[1]::timestamptz
                from pg_constraint as c
                where
                    c.conrelid = 'learn.behavior_logs_history'::regclass
                    and c.conname = 'behavior_logs_created_before_partitioning'
            )
        );
    end;
    alter table learn.behavior_logs_history drop constraint behavior_logs_created_before_partitioning;
    comment on table learn.behavior_logs_history is
    'Partition of learn.behavior_logs: the actions logged before it was partitioned.';
    revoke all on learn.behavior_logs_history from gamedb_app, gamedb_readonly;
    call core.apply_table_access();

    insert into core.partitioned_tables (table_name, why)
    values ('learn.behavior_logs', 'what learners did; read by time, never changed; no retention: its months are kept');
end;
$swap$;

select
    m.table_name,
    m.partition_name,
    m.action
from core.maintain_partitions() as m
where m.table_name = 'learn.behavior_logs';
