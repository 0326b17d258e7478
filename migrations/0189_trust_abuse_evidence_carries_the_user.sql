-- transactional: false
--
-- First of two steps that let the abuse flags and their evidence be
-- distributed by user on Citus (sql/distribution/citus.sql), where every
-- unique key must hold the user and a foreign key between two distributed
-- tables must pair it. A flag names its user; its evidence rows (the
-- votes or embeddings it rests on) did not. Here:
--   * trust.abuse_flag_evidence gets user_id, the flag's user: a writer
--     may give it (detect_abuse does; on Citus the writer must, the user
--     routes the row) or leave it out, and the database fills it from the
--     flag; another user is refused (foreign_key_violation), by the
--     trigger and from 0190 on by the key (flag_id, user_id) -> the flag's
--     (id, user_id). Rows written before get theirs below, in batches;
--   * giving a row its user is not a change of evidence: a reviewed flag's
--     evidence stays final on its flag and source, no longer on user_id;
--   * the reviewer (reviewed_by, a second user, on another shard) is
--     checked by core.refuse_unknown_users (0187) instead of a foreign key
--     Citus cannot pair; its ON DELETE SET NULL never ran (a user is
--     forgotten, never deleted);
--   * a flag's id becomes the database's to draw (0190's key is (id,
--     user_id): the application may no longer name an id, as 0153 did for
--     other tables, so ids stay unique without a key on id alone).
--
-- On a live database each statement is its own short transaction (the
-- column is nullable without a default: a catalogue change). A row written
-- between two of them without its user gets it from the backfill, which
-- updates the evidence of at most 500 flags per transaction and commits
-- each batch. A rerun after a crash finds each step done and does it
-- again: the same column and triggers; the backfill goes on where it
-- stopped (rows still without a user).

alter table trust.abuse_flag_evidence add column if not exists user_id bigint;
comment on column trust.abuse_flag_evidence.user_id is
'The flag''s user: the row lives on this user''s shard on Citus. Filled from the flag when left out.';

create or replace function trust.fill_evidence_user() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    flagged bigint;
begin
    select f.user_id into flagged from trust.abuse_flags as f where f.id = new.flag_id;
    new.user_id := coalesce(new.user_id, flagged);
    -- No flag: the foreign key on flag_id refuses the row.
    if flagged is not null and new.user_id <> flagged then
        raise exception 'user_id % is not the user of abuse flag %', new.user_id, new.flag_id
        using errcode = 'foreign_key_violation';
    end if;
    return new;
end;
$$;
comment on function trust.fill_evidence_user() is
'BEFORE INSERT OR UPDATE on trust.abuse_flag_evidence: fills user_id from the flag, refuses another user.';

create or replace trigger abuse_flag_evidence_fill_user
before insert or update of flag_id, user_id on trust.abuse_flag_evidence
for each row execute function trust.fill_evidence_user();

create or replace trigger abuse_flag_evidence_keep_reviews_final
before insert or update of flag_id, source_table, source_id or delete on trust.abuse_flag_evidence
for each row execute function trust.keep_evidence_of_reviews_final();

-- Squawk warns of the dropped constraint: the trigger created just before
-- it holds its rule, as said above.
-- squawk-ignore-file ban-drop-constraint
create or replace trigger abuse_flags_reviewer_names_a_user
after insert or update of reviewed_by on trust.abuse_flags
for each row execute function core.refuse_unknown_users('reviewed_by');
alter table trust.abuse_flags drop constraint if exists abuse_flags_reviewed_by_fkey;

update core.table_access set database_columns = array_append(database_columns, 'id')
where table_name = 'trust.abuse_flags' and not 'id' = any(database_columns);
call core.apply_table_access('trust.abuse_flags');

do $$
declare
    last_flag bigint := 0;
begin
    loop
        -- The evidence of the next 500 flags with rows still without a user
        -- (the key's index, by flag_id, finds them in order).
        with batch as (
            select distinct e.flag_id
            from trust.abuse_flag_evidence as e
            where e.flag_id > last_flag and e.user_id is null
            order by e.flag_id
            limit 500
        ),

        filled as (
            update trust.abuse_flag_evidence as e
            set user_id = f.user_id
            from trust.abuse_flags as f
            where f.id = e.flag_id and e.user_id is null and e.flag_id in (select b.flag_id from batch as b)
        )

        select max(b.flag_id) into last_flag from batch as b;
        exit when last_flag is null;
        commit;
    end loop;
end;
$$;
