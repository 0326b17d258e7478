-- transactional: false
-- revises: 29ca74edb9a58a4e476cc2933c146d55e6482ce4519348ff9ca1656e7e477d2e
--
-- Revised after release, with the same result: the swap is one DO block
-- that commits on its own, and the months ahead are made after it, outside
-- its lock (README, "Scaling out"). A rerun after a crash skips the swap.
--
-- trust.fact_check_logs becomes a table partitioned by month of created_at
-- (0175 says why), in one short transaction as 0163 did for the behaviour
-- log: 0175 built the (id, created_at) key's index CONCURRENTLY and 0176
-- validated a CHECK that every row is before a boundary. The existing
-- table, renamed trust.fact_check_logs_history, becomes the first partition
-- (every time up to the boundary; the CHECK proves its rows fit, so ATTACH
-- does not scan them), under a new partitioned trust.fact_check_logs with
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
-- gamedb_readonly, which go through trust.fact_check_logs.

do $swap$
begin
    if exists (select from pg_partitioned_table where partrelid = 'trust.fact_check_logs'::regclass) then
        return;
    end if;
    -- Squawk's warnings on renames, the dropped key and the dropped identity
    -- concern the old table only: trust.fact_check_logs keeps its name, columns
    -- and identity for every client, under the new partitioned table.
    -- squawk-ignore-file renaming-table, renaming-object, ban-drop-constraint, ban-alter-identity
    --
    -- The foreign keys need the tables they point at SHARE ROW EXCLUSIVE: taken
    -- first, in the order writers take them (the user, then the log's row).
    lock table core.users in share row exclusive mode;
    lock table trust.fact_check_logs in access exclusive mode;
    alter table trust.fact_check_logs drop constraint fact_check_logs_pkey;
    alter table trust.fact_check_logs rename to fact_check_logs_history;
    alter table trust.fact_check_logs_history add constraint fact_check_logs_history_pkey
    primary key using index idx_fact_check_logs_id_created_at;
    alter index trust.idx_fact_check_logs_contradiction_count rename to fact_check_logs_history_contradiction_count_idx;
    alter index trust.idx_fact_check_logs_created_at rename to fact_check_logs_history_created_at_idx;
    alter index trust.idx_fact_check_logs_safe_to_display rename to fact_check_logs_history_safe_to_display_idx;
    alter index trust.idx_fact_check_logs_user_id_created_at rename to fact_check_logs_history_user_id_created_at_idx;
    alter sequence trust.fact_check_logs_id_seq rename to fact_check_logs_history_id_seq;

    -- Same columns, defaults, checks and column comments as the old table.
    create table trust.fact_check_logs (
        like trust.fact_check_logs_history including defaults including constraints including comments
    ) partition by range (created_at);
    alter table trust.fact_check_logs drop constraint fact_check_logs_created_before_partitioning;
    alter table trust.fact_check_logs add constraint fact_check_logs_pkey primary key (id, created_at);
    alter table trust.fact_check_logs alter column id add generated always as identity (
        sequence name trust.fact_check_logs_id_seq
    );
    perform setval('trust.fact_check_logs_id_seq', s.last_value, s.is_called)
    from trust.fact_check_logs_history_id_seq as s;
    alter table trust.fact_check_logs_history alter column id drop identity;
    comment on table trust.fact_check_logs is
    'An NLI fact check of AI-generated text (seed 004 FactCheckLog). Partitioned by month of created_at.';
    alter table trust.fact_check_logs add constraint fact_check_logs_user_id_fkey
    foreign key (user_id) references core.users (id) on delete set null;

    -- Each index matches the history partition's, which it takes over as it is.
    create index idx_fact_check_logs_contradiction_count on trust.fact_check_logs (contradiction_count);
    create index idx_fact_check_logs_created_at on trust.fact_check_logs (created_at);
    create index idx_fact_check_logs_safe_to_display on trust.fact_check_logs (safe_to_display);
    create index idx_fact_check_logs_user_id_created_at on trust.fact_check_logs (user_id, created_at);

    -- The boundary 0176 validated: the history partition holds every time before it.
    begin
        execute format(
            'alter table trust.fact_check_logs attach partition trust.fact_check_logs_history'
            ' for values from (minvalue) to (%L)',
            (
                select (regexp_match(pg_get_constraintdef(c.oid), '''([^'']+)'''))[1]::timestamptz
                from pg_constraint as c
                where
                    c.conrelid = 'trust.fact_check_logs_history'::regclass
                    and c.conname = 'fact_check_logs_created_before_partitioning'
            )
        );
    end;
    alter table trust.fact_check_logs_history drop constraint fact_check_logs_created_before_partitioning;
    comment on table trust.fact_check_logs_history is
    'Partition of trust.fact_check_logs: the fact checks written before it was partitioned.';
    revoke all on trust.fact_check_logs_history from gamedb_app, gamedb_readonly;
    call core.apply_table_access();

    insert into core.partitioned_tables (table_name, why)
    values (
        'trust.fact_check_logs',
        'fact checks of AI-generated text; read by time and user; no retention: its months are kept'
    );
end;
$swap$;

select
    m.table_name,
    m.partition_name,
    m.action
from core.maintain_partitions() as m
where m.table_name = 'trust.fact_check_logs';
