-- Undo 0132: the flag and the batch name come back on the samples,
-- refilled from chat.training_batch_samples, with their check, the export
-- queue's partial index and the trigger that records a flag set the old
-- way. The refill rewrites every exported sample and the index is built
-- in this transaction (writes to the samples wait for it): run this
-- rollback in a quiet period on a large table.

alter table chat.training_samples
add column used_in_training boolean not null default false,
add column training_batch_id varchar(100);
comment on column chat.training_samples.used_in_training is 'Set, with training_batch_id, when exported.';
-- the application's column privileges on them, as core.table_access declares
call core.apply_table_access();

update chat.training_samples as s
set used_in_training = true, training_batch_id = b.batch_id
from chat.training_batch_samples as b
where b.sample_id = s.id;

alter table chat.training_samples
add constraint training_samples_used_check
check (not used_in_training or (approved and training_batch_id is not null));

-- squawk-ignore require-concurrent-index-creation
create index idx_training_samples_export_queue on chat.training_samples (id)
where approved and not used_in_training;

create function chat.record_flagged_export() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
    if tg_op = 'UPDATE' and old.used_in_training then
        return null;  -- recorded when it was first marked
    end if;
    insert into chat.training_batches as b (id, sample_count)
    values (new.training_batch_id, 1)
    on conflict (id) do update set sample_count = b.sample_count + 1;
    insert into chat.training_batch_samples (sample_id, batch_id)
    values (new.id, new.training_batch_id);
    return null;
end;
$$;
comment on function chat.record_flagged_export() is
'Until 0132: a sample marked used_in_training the old way is recorded in chat.training_batch_samples too.';

create trigger training_samples_record_flagged_export
after insert or update of used_in_training on chat.training_samples
for each row
when (new.used_in_training and new.training_batch_id is not null)
execute function chat.record_flagged_export();
