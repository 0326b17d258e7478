-- transactional: false
-- revises: 1ca05e7f650d92cc42ac220aa1ee26d44806409d8616b88f88b971c0b0000585
--
-- Revised after release, with the same result: the swap is one DO block
-- that commits on its own, and the months ahead are made after it, outside
-- its lock (README, "Scaling out"). A rerun after a crash skips the swap.
--
-- reward.award_changes becomes a table partitioned by month of created_at
-- (0175 says why), in one short transaction as 0163 did for the behaviour
-- log: 0175 built the (id, user_id, created_at) key's index CONCURRENTLY
-- and 0176 validated a CHECK that every row is before a boundary. The
-- existing table, renamed reward.award_changes_history, becomes the first
-- partition (every time up to the boundary; the CHECK proves its rows fit,
-- so ATTACH does not scan them), under a new partitioned
-- reward.award_changes with the same columns, checks, foreign keys (the
-- history partition's own are taken over as they are, without a scan),
-- indexes, triggers, comments and grants; its identity continues the old
-- one's sequence. Every statement changes only the catalog; the exclusive
-- lock on the old table is held for milliseconds (the runner's lock_timeout
-- bounds the wait, and retries).
--
-- What changes for readers and writers: the primary key is (id, user_id,
-- created_at) (ids stay unique: only the identity hands them out);
-- core.maintain_partitions keeps the months ahead from its row in
-- core.partitioned_tables; the partitions grant nothing to gamedb_app or
-- gamedb_readonly, which go through reward.award_changes.

do $swap$
begin
    if exists (select from pg_partitioned_table where partrelid = 'reward.award_changes'::regclass) then
        return;
    end if;
    -- Squawk's warnings on renames, the dropped key and the dropped identity
    -- concern the old table only: reward.award_changes keeps its name, columns
    -- and identity for every client, under the new partitioned table.
    -- squawk-ignore-file renaming-table, renaming-object, ban-drop-constraint, ban-alter-identity
    --
    -- The foreign keys need the tables they point at SHARE ROW EXCLUSIVE: taken
    -- first, in the order writers take them (the award job writes its run, then
    -- the users' awards, then the changes).
    lock table reward.award_runs in share row exclusive mode;
    lock table reward.award_rule_versions in share row exclusive mode;
    lock table core.users in share row exclusive mode;
    lock table reward.award_changes in access exclusive mode;
    alter table reward.award_changes drop constraint award_changes_pkey;
    alter table reward.award_changes rename to award_changes_history;
    alter table reward.award_changes_history add constraint award_changes_history_pkey
    primary key using index idx_award_changes_id_user_id_created_at;
    alter index reward.idx_award_changes_rule_version rename to award_changes_history_rule_id_rule_version_idx;
    alter index reward.idx_award_changes_run_id rename to award_changes_history_run_id_idx;
    alter index reward.idx_award_changes_user_id rename to award_changes_history_user_id_idx;
    alter sequence reward.award_changes_id_seq rename to award_changes_history_id_seq;

    -- Same columns, defaults, checks and column comments as the old table.
    create table reward.award_changes (
        like reward.award_changes_history including defaults including constraints including comments
    ) partition by range (created_at);
    alter table reward.award_changes drop constraint award_changes_created_before_partitioning;
    alter table reward.award_changes add constraint award_changes_pkey primary key (id, user_id, created_at);
    alter table reward.award_changes alter column id add generated always as identity (
        sequence name reward.award_changes_id_seq
    );
    perform setval('reward.award_changes_id_seq', s.last_value, s.is_called)
    from reward.award_changes_history_id_seq as s;
    alter table reward.award_changes_history alter column id drop identity;
    comment on table reward.award_changes is
    'Every award a run granted or revoked, with the rule version that decided it. Partitioned by month of created_at.';
    alter table reward.award_changes add constraint award_changes_rule_version_fkey
    foreign key (rule_id, rule_version) references reward.award_rule_versions (rule_id, version);
    alter table reward.award_changes add constraint award_changes_run_id_fkey
    foreign key (run_id) references reward.award_runs (id);
    alter table reward.award_changes add constraint award_changes_user_id_fkey
    foreign key (user_id) references core.users (id) on delete cascade;

    -- Each index matches the history partition's, which it takes over as it is.
    create index idx_award_changes_rule_version on reward.award_changes (rule_id, rule_version);
    create index idx_award_changes_run_id on reward.award_changes (run_id);
    create index idx_award_changes_user_id on reward.award_changes (user_id);

    -- The boundary 0176 validated: the history partition holds every time before it.
    begin
        execute format(
            'alter table reward.award_changes attach partition reward.award_changes_history'
            ' for values from (minvalue) to (%L)',
            (
                select (regexp_match(pg_get_constraintdef(c.oid), '''([^'']+)'''))[1]::timestamptz
                from pg_constraint as c
                where
                    c.conrelid = 'reward.award_changes_history'::regclass
                    and c.conname = 'award_changes_created_before_partitioning'
            )
        );
    end;
    alter table reward.award_changes_history drop constraint award_changes_created_before_partitioning;
    comment on table reward.award_changes_history is
    'Partition of reward.award_changes: the award changes written before it was partitioned.';
    revoke all on reward.award_changes_history from gamedb_app, gamedb_readonly;
    call core.apply_table_access();

    insert into core.partitioned_tables (table_name, why)
    values (
        'reward.award_changes',
        'every award a rule run granted or revoked; no retention: its months are kept'
    );
end;
$swap$;

select
    m.table_name,
    m.partition_name,
    m.action
from core.maintain_partitions() as m
where m.table_name = 'reward.award_changes';
