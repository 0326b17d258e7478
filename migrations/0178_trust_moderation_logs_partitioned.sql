-- transactional: false
-- revises: 00988d9d911c5360f22b3bebddb3fb4780b9d26b894a5ad66a327eb4512c9e82
--
-- Revised after release, with the same result: the swap is one DO block
-- that commits on its own, and the months ahead are made after it, outside
-- its lock (README, "Scaling out"). A rerun after a crash skips the swap.
--
-- trust.moderation_logs becomes a table partitioned by month of created_at
-- (0175 says why), in one short transaction as 0163 did for the behaviour
-- log: 0175 built the (id, created_at) key's index CONCURRENTLY and 0176
-- validated a CHECK that every row is before a boundary. The existing
-- table, renamed trust.moderation_logs_history, becomes the first partition
-- (every time up to the boundary; the CHECK proves its rows fit, so ATTACH
-- does not scan them), under a new partitioned trust.moderation_logs with
-- the same columns, checks, foreign keys (the history partition's own are
-- taken over as they are, without a scan), indexes, triggers, comments and
-- grants; its identity continues the old one's sequence. Every statement
-- changes only the catalog; the exclusive lock on the old table is held for
-- milliseconds (the runner's lock_timeout bounds the wait, and retries).
--
-- What changes for readers and writers: the primary key is (id, created_at)
-- (ids stay unique: only the identity hands them out);
-- core.maintain_partitions keeps the months ahead from its row in
-- core.partitioned_tables; the partitions grant nothing to gamedb_app or
-- gamedb_readonly, which go through trust.moderation_logs.

do $swap$
begin
    if exists (select from pg_partitioned_table where partrelid = 'trust.moderation_logs'::regclass) then
        return;
    end if;
    -- Squawk's warnings on renames, the dropped key and the dropped identity
    -- concern the old table only: trust.moderation_logs keeps its name, columns
    -- and identity for every client, under the new partitioned table.
    -- squawk-ignore-file renaming-table, renaming-object, ban-drop-constraint, ban-alter-identity
    --
    -- The foreign keys need the tables they point at SHARE ROW EXCLUSIVE: taken
    -- first, in the order writers take them (the user, then the log's row).
    lock table core.users in share row exclusive mode;
    lock table trust.moderation_logs in access exclusive mode;
    alter table trust.moderation_logs drop constraint moderation_logs_pkey;
    alter table trust.moderation_logs rename to moderation_logs_history;
    alter table trust.moderation_logs_history add constraint moderation_logs_history_pkey
    primary key using index idx_moderation_logs_id_created_at;
    alter index trust.idx_moderation_logs_admin_id rename to moderation_logs_history_admin_id_idx;
    alter index trust.idx_moderation_logs_target_user_id_created_at
    rename to moderation_logs_history_target_user_id_created_at_idx;
    drop trigger moderation_logs_log_event on trust.moderation_logs_history;
    alter sequence trust.moderation_logs_id_seq rename to moderation_logs_history_id_seq;

    -- Same columns, defaults, checks and column comments as the old table.
    create table trust.moderation_logs (
        like trust.moderation_logs_history including defaults including constraints including comments
    ) partition by range (created_at);
    alter table trust.moderation_logs drop constraint moderation_logs_created_before_partitioning;
    alter table trust.moderation_logs add constraint moderation_logs_pkey primary key (id, created_at);
    alter table trust.moderation_logs alter column id add generated always as identity (
        sequence name trust.moderation_logs_id_seq
    );
    perform setval('trust.moderation_logs_id_seq', s.last_value, s.is_called)
    from trust.moderation_logs_history_id_seq as s;
    alter table trust.moderation_logs_history alter column id drop identity;
    comment on table trust.moderation_logs is
    'Every moderation action taken on a user (seed 004 ModerationLog). Partitioned by month of created_at.';
    alter table trust.moderation_logs add constraint moderation_logs_admin_id_fkey
    foreign key (admin_id) references core.users (id);
    alter table trust.moderation_logs add constraint moderation_logs_target_user_id_fkey
    foreign key (target_user_id) references core.users (id);

    -- Each index matches the history partition's, which it takes over as it is.
    create index idx_moderation_logs_admin_id on trust.moderation_logs (admin_id);
    create index idx_moderation_logs_target_user_id_created_at on trust.moderation_logs (target_user_id, created_at);

    -- Declared on the log, the trigger fires on every partition.
    create trigger moderation_logs_log_event after insert on trust.moderation_logs
    for each row execute function core.log_event('moderation.logged', 'target_user_id', 'action,admin_id');

    -- The boundary 0176 validated: the history partition holds every time before it.
    begin
        execute format(
            'alter table trust.moderation_logs attach partition trust.moderation_logs_history'
            ' for values from (minvalue) to (%L)',
            (
                select (regexp_match(pg_get_constraintdef(c.oid), '''([^'']+)'''))[1]::timestamptz
                from pg_constraint as c
                where
                    c.conrelid = 'trust.moderation_logs_history'::regclass
                    and c.conname = 'moderation_logs_created_before_partitioning'
            )
        );
    end;
    alter table trust.moderation_logs_history drop constraint moderation_logs_created_before_partitioning;
    comment on table trust.moderation_logs_history is
    'Partition of trust.moderation_logs: the moderation actions logged before it was partitioned.';
    revoke all on trust.moderation_logs_history from gamedb_app, gamedb_readonly;
    call core.apply_table_access();

    insert into core.partitioned_tables (table_name, why)
    values (
        'trust.moderation_logs',
        'every moderation action, an audit log; no retention: its months are kept'
    );
end;
$swap$;

select
    m.table_name,
    m.partition_name,
    m.action
from core.maintain_partitions() as m
where m.table_name = 'trust.moderation_logs';
