-- transactional: false
--
-- Undo 0193: the foreign key from answer_id to community.answers comes
-- back (added NOT VALID under a short lock, then validated without
-- blocking writers; it fails, changing nothing, if an evaluation names an
-- answer that is gone), then the triggers go; the primary key goes back
-- to (id), its index built CONCURRENTLY and swapped in; the application
-- may name an id again. A rerun after a crash finds the key and adds
-- nothing twice.

do $$
begin
    if not exists (
        select from pg_constraint
        where conrelid = 'learn.rubric_evaluations'::regclass and conname = 'rubric_evaluations_answer_id_fkey'
    ) then
        alter table learn.rubric_evaluations add constraint rubric_evaluations_answer_id_fkey
        foreign key (answer_id) references community.answers (id) not valid;
    end if;
end;
$$;
alter table learn.rubric_evaluations validate constraint rubric_evaluations_answer_id_fkey;
drop trigger if exists rubric_evaluations_answer_exists on learn.rubric_evaluations;
drop function if exists learn.refuse_unknown_answer();
drop trigger if exists answers_keep_evaluated on community.answers;
drop function if exists learn.keep_evaluated_answers();

create unique index concurrently idx_rubric_evaluations_id on learn.rubric_evaluations (id);
-- squawk-ignore-file ban-drop-constraint
alter table learn.rubric_evaluations
drop constraint rubric_evaluations_pkey,
add constraint rubric_evaluations_pkey primary key using index idx_rubric_evaluations_id;

update core.table_access set database_columns = array_remove(database_columns, 'id')
where table_name = 'learn.rubric_evaluations';
call core.apply_table_access('learn.rubric_evaluations');
