-- transactional: false
--
-- Second step (after 0189): the abuse flags' and their evidence's keys
-- hold the user, so both can be distributed by user on Citus, the
-- evidence on its flag's shard:
--   * the evidence's user_id becomes NOT NULL;
--   * trust.abuse_flags' primary key becomes (id, user_id), and the
--     evidence's (flag_id, user_id, source_table, source_id);
--   * the evidence's foreign key pairs the user: (flag_id, user_id) -> the
--     flag's (id, user_id), ON DELETE CASCADE as before. A row's user is
--     its flag's: a key's rule now, as 0189's trigger was.
-- Nothing else changes on one PostgreSQL. Every key stays as unique as it
-- was: flag ids are the identity's alone (0189), and a flag has one user.
-- Lookups by id and by flag read the new indexes (their first columns);
-- detect_abuse's ON CONFLICT DO NOTHING names no key.
--
-- On a live database: the check is validated, a scan under a lock that
-- lets writes go on; NOT NULL then reads no row (the validated check
-- proves it) and the check goes. The new keys' indexes are built
-- CONCURRENTLY, then both tables' keys are swapped in one short
-- transaction (catalogue changes under locks held for milliseconds, the
-- flags' first, as writers take them), the foreign key added NOT VALID;
-- then it is validated, again without blocking writes. A rerun after a
-- crash builds the indexes again and swaps them in again: the same keys.
-- squawk-ignore-file ban-drop-constraint, adding-not-nullable-field

-- Added NOT VALID (a short lock), unless the column is NOT NULL already.
do $$
begin
    if not exists (
        select from pg_attribute
        where attrelid = 'trust.abuse_flag_evidence'::regclass and attname = 'user_id' and attnotnull
    ) and not exists (
        select from pg_constraint
        where conrelid = 'trust.abuse_flag_evidence'::regclass and conname = 'abuse_flag_evidence_user_id_present'
    ) then
        alter table trust.abuse_flag_evidence add constraint abuse_flag_evidence_user_id_present
        check (user_id is not null) not valid;
    end if;
end;
$$;
do $$
begin
    if exists (
        select from pg_constraint
        where conrelid = 'trust.abuse_flag_evidence'::regclass and conname = 'abuse_flag_evidence_user_id_present'
    ) then
        alter table trust.abuse_flag_evidence validate constraint abuse_flag_evidence_user_id_present;
    end if;
end;
$$;
alter table trust.abuse_flag_evidence alter column user_id set not null;
alter table trust.abuse_flag_evidence drop constraint if exists abuse_flag_evidence_user_id_present;

create unique index concurrently idx_abuse_flags_id_user_id on trust.abuse_flags (id, user_id);
create unique index concurrently idx_abuse_flag_evidence_flag_id_user_id_source
on trust.abuse_flag_evidence (flag_id, user_id, source_table, source_id);

do $$
begin
    lock table trust.abuse_flags, trust.abuse_flag_evidence in access exclusive mode;
    alter table trust.abuse_flag_evidence drop constraint abuse_flag_evidence_flag_id_fkey;
    alter table trust.abuse_flags
    drop constraint abuse_flags_pkey,
    add constraint abuse_flags_pkey primary key using index idx_abuse_flags_id_user_id;
    alter table trust.abuse_flag_evidence
    drop constraint abuse_flag_evidence_pkey,
    add constraint abuse_flag_evidence_pkey primary key using index idx_abuse_flag_evidence_flag_id_user_id_source;
    alter table trust.abuse_flag_evidence add constraint abuse_flag_evidence_flag_id_fkey
    foreign key (flag_id, user_id) references trust.abuse_flags (id, user_id) on delete cascade not valid;
end;
$$;
alter table trust.abuse_flag_evidence validate constraint abuse_flag_evidence_flag_id_fkey;
