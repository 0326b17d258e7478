-- transactional: false
--
-- learn.rubric_evaluations (an answer's rubric scores, per learner) gets
-- keys Citus accepts for a table distributed by user
-- (sql/distribution/citus.sql):
--   * the primary key becomes (id, user_id), as 0153 did for other
--     per-user tables; nothing points at an evaluation's id, and the
--     application may no longer name one, so ids stay unique without a
--     key on id alone;
--   * the foreign key from answer_id to community.answers goes: the
--     community's threads stay on the coordinator, and Citus refuses a
--     foreign key from a distributed table to a coordinator one. The
--     trigger learn.refuse_unknown_answer holds its rule exactly when the
--     key did (on insert, and on an update that changes answer_id;
--     foreign_key_violation; the answer locked FOR KEY SHARE until the
--     writer commits). The other half of the key moves too: the
--     application may delete an answer, and an answer with evaluations
--     is refused (learn.keep_evaluated_answers, after the delete or a new
--     id, so that it sees an evaluation committed while it waited for the
--     answer's lock). The invariant rubric_evaluations_name_answers
--     checks every row.
--
-- On a live database each statement is its own short transaction: the
-- index is built CONCURRENTLY and swapped in for the key in a statement of
-- its own (both columns are NOT NULL: no row is read under the lock); both
-- triggers are created before the foreign key is dropped, so one of the
-- two always holds. A rerun after a crash builds the index again and swaps it
-- in again: the same key.

update core.table_access set database_columns = array_append(database_columns, 'id')
where table_name = 'learn.rubric_evaluations' and not 'id' = any(database_columns);
call core.apply_table_access('learn.rubric_evaluations');

create unique index concurrently idx_rubric_evaluations_id_user_id on learn.rubric_evaluations (id, user_id);

-- Squawk warns of the dropped constraints: the key is added back, under
-- its name, in the same statement; the foreign key's rule is held by the
-- trigger created just before it goes.
-- squawk-ignore-file ban-drop-constraint
alter table learn.rubric_evaluations
drop constraint rubric_evaluations_pkey,
add constraint rubric_evaluations_pkey primary key using index idx_rubric_evaluations_id_user_id;

create or replace function learn.refuse_unknown_answer() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
    if new.answer_id is null or (tg_op = 'UPDATE' and new.answer_id = old.answer_id) then
        return null;
    end if;
    -- FOR KEY SHARE (owner's privilege, hence security definer): as a foreign key's check.
    perform from community.answers as a where a.id = new.answer_id for key share;
    if not found then
        raise exception 'learn.rubric_evaluations.answer_id names answer %, which does not exist', new.answer_id
        using errcode = 'foreign_key_violation', constraint = tg_name;
    end if;
    return null;
end;
$$;
comment on function learn.refuse_unknown_answer() is
'AFTER INSERT OR UPDATE OF answer_id on learn.rubric_evaluations: the answer exists. The foreign key to '
'community.answers, where Citus allows none (0193).';

create or replace trigger rubric_evaluations_answer_exists
after insert or update of answer_id on learn.rubric_evaluations
for each row execute function learn.refuse_unknown_answer();

create or replace function learn.keep_evaluated_answers() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
    if exists (select from learn.rubric_evaluations as r where r.answer_id = old.id) then
        raise exception 'answer % has rubric evaluations (learn.rubric_evaluations.answer_id)', old.id
        using errcode = 'foreign_key_violation', constraint = tg_name;
    end if;
    return null;
end;
$$;
comment on function learn.keep_evaluated_answers() is
'AFTER DELETE OR UPDATE OF id on community.answers: an answer a rubric evaluation names stays. The referenced '
'side of the foreign key Citus allows none of (0193).';

create or replace trigger answers_keep_evaluated
after delete or update of id on community.answers
for each row execute function learn.keep_evaluated_answers();
alter table learn.rubric_evaluations drop constraint if exists rubric_evaluations_answer_id_fkey;
