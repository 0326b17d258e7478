-- transactional: false
-- revises: b4f5f5eccf805b3d6134e042854da2a62d039f02546cd848f3e7088262860936
--
-- Revised after release, with the same result: the swap is one DO block
-- that commits on its own, and the months ahead are made after it, outside
-- its lock (README, "Scaling out"). A rerun after a crash skips the swap.
--
-- reward.nudge_history becomes a table partitioned by month of sent_on
-- (0180 says why), in one short transaction as 0179 did for the award
-- changes: 0180 built the (id, user_id, sent_on) key's index CONCURRENTLY
-- and 0181 validated a CHECK that every row is before a boundary. The
-- existing table, renamed reward.nudge_history_history, becomes the first
-- partition (every day up to the boundary; the CHECK proves its rows fit,
-- so ATTACH does not scan them), under a new partitioned
-- reward.nudge_history with the same columns, checks, foreign key (the
-- history partition's own is taken over as it is, without a scan), keys,
-- indexes, comments and grants; its identity continues the old one's
-- sequence. Every statement changes only the catalog; the exclusive lock on
-- the old table is held for milliseconds (the runner's lock_timeout bounds
-- the wait, and retries).
--
-- What changes for readers and writers: the primary key is (id, user_id,
-- sent_on) (ids stay unique: only the identity hands them out); "one nudge
-- of a kind per user per day" is the same unique key, now on the
-- partitioned table, so the nudge job's ON CONFLICT is unchanged;
-- core.maintain_partitions keeps the months ahead from its row in
-- core.partitioned_tables; the partitions grant nothing to gamedb_app or
-- gamedb_readonly, which go through reward.nudge_history.

do $swap$
begin
    if exists (select from pg_partitioned_table where partrelid = 'reward.nudge_history'::regclass) then
        return;
    end if;
    -- Squawk's warnings on renames, the dropped key and the dropped identity
    -- concern the old table only: reward.nudge_history keeps its name, columns
    -- and identity for every client, under the new partitioned table.
    -- squawk-ignore-file renaming-table, renaming-object, ban-drop-constraint, ban-alter-identity
    --
    -- The foreign key needs the table it points at SHARE ROW EXCLUSIVE: taken
    -- first, in the order writers take them (the user, then the nudge).
    lock table core.users in share row exclusive mode;
    lock table reward.nudge_history in access exclusive mode;
    alter table reward.nudge_history drop constraint nudge_history_pkey;
    alter table reward.nudge_history rename to nudge_history_history;
    alter table reward.nudge_history_history add constraint nudge_history_history_pkey
    primary key using index idx_nudge_history_id_user_id_sent_on;
    alter table reward.nudge_history_history rename constraint nudge_history_user_id_nudge_type_sent_on_key
    to nudge_history_history_user_id_nudge_type_sent_on_key;
    alter index reward.idx_nudge_history_user_id_sent_at rename to nudge_history_history_user_id_sent_at_idx;
    alter sequence reward.nudge_history_id_seq rename to nudge_history_history_id_seq;

    -- Same columns, defaults, checks and column comments as the old table.
    create table reward.nudge_history (
        like reward.nudge_history_history including defaults including constraints including comments
    ) partition by range (sent_on);
    alter table reward.nudge_history drop constraint nudge_history_dated_before_partitioning;
    alter table reward.nudge_history add constraint nudge_history_pkey primary key (id, user_id, sent_on);
    alter table reward.nudge_history add constraint nudge_history_user_id_nudge_type_sent_on_key
    unique (user_id, nudge_type, sent_on);
    alter table reward.nudge_history alter column id add generated always as identity (
        sequence name reward.nudge_history_id_seq
    );
    perform setval('reward.nudge_history_id_seq', s.last_value, s.is_called)
    from reward.nudge_history_history_id_seq as s;
    alter table reward.nudge_history_history alter column id drop identity;
    comment on table reward.nudge_history is
    'Every nudge sent to a user (seed 003, I010); one of a kind per user per day. Partitioned by month of sent_on.';
    alter table reward.nudge_history add constraint nudge_history_user_id_fkey
    foreign key (user_id) references core.users (id);

    -- Matches the history partition's, which it takes over as it is.
    create index idx_nudge_history_user_id_sent_at on reward.nudge_history (user_id, sent_at);

    -- The boundary 0181 validated: the history partition holds every day before it.
    begin
        execute format(
            'alter table reward.nudge_history attach partition reward.nudge_history_history'
            ' for values from (minvalue) to (%L)',
            (
                select (regexp_match(pg_get_constraintdef(c.oid), '''([^'']+)'''))[1]::date
                from pg_constraint as c
                where
                    c.conrelid = 'reward.nudge_history_history'::regclass
                    and c.conname = 'nudge_history_dated_before_partitioning'
            )
        );
    end;
    alter table reward.nudge_history_history drop constraint nudge_history_dated_before_partitioning;
    comment on table reward.nudge_history_history is
    'Partition of reward.nudge_history: the nudges sent before it was partitioned.';
    revoke all on reward.nudge_history_history from gamedb_app, gamedb_readonly;
    call core.apply_table_access('reward.nudge_history');

    insert into core.partitioned_tables (table_name, why)
    values (
        'reward.nudge_history',
        'every nudge sent, one of a kind per user per day; no retention: its months are kept'
    );
end;
$swap$;

select
    m.table_name,
    m.partition_name,
    m.action
from core.maintain_partitions() as m
where m.table_name = 'reward.nudge_history';
