-- transactional: false
-- revises: 2f820f1bae6e2d1ba3100e8f3014c2fcb55667f944cc6fd09b72e4bed891b976
--
-- Revised after release, with the same result: the swap is one DO block
-- that commits on its own, and the months ahead are made after it, outside
-- its lock (README, "Scaling out"). A rerun after a crash skips the swap.
--
-- reward.streak_events becomes a table partitioned by month of on_date
-- (0180 says why), in one short transaction as 0183 did for the nudges:
-- 0180 built the (id, user_id, on_date) key's index CONCURRENTLY and 0181
-- validated a CHECK that every row is before a boundary. The existing
-- table, renamed reward.streak_events_history, becomes the first partition
-- (every day up to the boundary; the CHECK proves its rows fit, so ATTACH
-- does not scan them), under a new partitioned reward.streak_events with
-- the same columns, checks, foreign key (the history partition's own is
-- taken over as it is, without a scan), keys, comments and grants; its
-- identity continues the old one's sequence. Every statement changes only
-- the catalog; the exclusive lock on the old table is held for
-- milliseconds (the runner's lock_timeout bounds the wait, and retries).
--
-- What changes for readers and writers: the primary key is (id, user_id,
-- on_date) (ids stay unique: only the identity hands them out); "one event
-- of a kind per user per day" is the same constraint, streak_events_once_key,
-- now on the partitioned table, so the streak functions' ON CONFLICT ON
-- CONSTRAINT is unchanged; a day beyond the months made ahead is refused
-- (no partition holds it); core.maintain_partitions keeps the months ahead
-- from its row in core.partitioned_tables; the partitions grant nothing to
-- gamedb_app or gamedb_readonly, which go through reward.streak_events.

do $swap$
begin
    if exists (select from pg_partitioned_table where partrelid = 'reward.streak_events'::regclass) then
        return;
    end if;
    -- Squawk's warnings on renames, the dropped key and the dropped identity
    -- concern the old table only: reward.streak_events keeps its name, columns
    -- and identity for every client, under the new partitioned table.
    -- squawk-ignore-file renaming-table, renaming-object, ban-drop-constraint, ban-alter-identity
    --
    -- The foreign key needs the table it points at SHARE ROW EXCLUSIVE: taken
    -- first, in the order writers take them (the user's streak, then its events).
    lock table core.users in share row exclusive mode;
    lock table reward.streak_events in access exclusive mode;
    alter table reward.streak_events drop constraint streak_events_pkey;
    alter table reward.streak_events rename to streak_events_history;
    alter table reward.streak_events_history add constraint streak_events_history_pkey
    primary key using index idx_streak_events_id_user_id_on_date;
    alter table reward.streak_events_history rename constraint streak_events_once_key to streak_events_history_once_key;
    alter sequence reward.streak_events_id_seq rename to streak_events_history_id_seq;

    -- Same columns, defaults, checks and column comments as the old table.
    create table reward.streak_events (
        like reward.streak_events_history including defaults including constraints including comments
    ) partition by range (on_date);
    alter table reward.streak_events drop constraint streak_events_dated_before_partitioning;
    alter table reward.streak_events add constraint streak_events_pkey primary key (id, user_id, on_date);
    alter table reward.streak_events add constraint streak_events_once_key unique (user_id, kind, on_date);
    alter table reward.streak_events alter column id add generated always as identity (
        sequence name reward.streak_events_id_seq
    );
    perform setval('reward.streak_events_id_seq', s.last_value, s.is_called)
    from reward.streak_events_history_id_seq as s;
    alter table reward.streak_events_history alter column id drop identity;
    comment on table reward.streak_events is
    'Each streak freeze spent or earned and each break, with the streak around it. Partitioned by month of on_date.';
    alter table reward.streak_events add constraint streak_events_user_id_fkey
    foreign key (user_id) references core.users (id) on delete cascade;

    -- The boundary 0181 validated: the history partition holds every day before it.
    begin
        execute format(
            'alter table reward.streak_events attach partition reward.streak_events_history'
            ' for values from (minvalue) to (%L)',
            (
                select (regexp_match(pg_get_constraintdef(c.oid), '''([^'']+)'''))[1]::date
                from pg_constraint as c
                where
                    c.conrelid = 'reward.streak_events_history'::regclass
                    and c.conname = 'streak_events_dated_before_partitioning'
            )
        );
    end;
    alter table reward.streak_events_history drop constraint streak_events_dated_before_partitioning;
    comment on table reward.streak_events_history is
    'Partition of reward.streak_events: the streak events written before it was partitioned.';
    revoke all on reward.streak_events_history from gamedb_app, gamedb_readonly;
    call core.apply_table_access('reward.streak_events');

    insert into core.partitioned_tables (table_name, why)
    values (
        'reward.streak_events',
        'every streak freeze and break, one of a kind per user per day; no retention: its months are kept'
    );
end;
$swap$;

select
    m.table_name,
    m.partition_name,
    m.action
from core.maintain_partitions() as m
where m.table_name = 'reward.streak_events';
