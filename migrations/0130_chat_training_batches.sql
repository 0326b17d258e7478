-- Training batches recorded beside the samples, not in them.
--
-- Until now exporting a batch set used_in_training and training_batch_id
-- on every exported sample. The sample is a wide row (text, entities,
-- context) with nine indexes, and the flag sits in the export queue's
-- partial index, so every mark was a full non-HOT rewrite of the row and
-- an entry in each index: measured on 100,000 approved samples, marking
-- took 3.6 s against 0.3 s for psql's \copy of the same rows.
--
-- Now:
--   chat.training_batches          one row per exported batch: its name
--                                  (what training_batch_id held), when,
--                                  and how many samples;
--   chat.training_batch_samples    one narrow row per exported sample
--                                  (sample id, batch name): a sample is
--                                  exported at most once (primary key).
-- Marking 100,000 samples is an insert of 100,000 narrow rows (0.45 s).
-- The two tables carry no foreign keys on purpose: an RI check per row
-- locks the sample and the batch row once per exported sample and tripled
-- the cost (1.4 s). Their one writer is the export (as the owner; the
-- application and analysts may only read them), the invariant
-- training_batches_match_samples checks them in `gamedb check`, and
-- exported samples can no longer be un-approved or deleted (a trigger
-- here), so a batch's rows cannot lose their sample.
--
-- Expand step: the samples' used_in_training and training_batch_id stay
-- until 0132 (post-deploy) drops them. Until then a sample marked the old
-- way (an export of the previous release, or the application setting the
-- flag) is recorded in the new tables too, by a trigger. Every sample
-- already exported is copied in here: the new tables are invisible until
-- this commits, and the samples are only read.
--
-- core.forget_user tells an exported sample from the new tables (its
-- text stays, it stops naming the person; an unexported one is blanked).

create table chat.training_batches (
    id varchar(100) not null,
    exported_at timestamptz not null default now(),
    sample_count integer not null,
    constraint training_batches_pkey primary key (id),
    constraint training_batches_sample_count_check check (sample_count >= 0)
);
comment on table chat.training_batches is
'One row per exported training batch (export_training_batch), written in the transaction that exports it.';
comment on column chat.training_batches.id is 'The batch name the exporter gave, e.g. batch-2026-11-23.';
comment on column chat.training_batches.sample_count is
'How many samples the batch holds (rows in training_batch_samples).';

create table chat.training_batch_samples (
    sample_id bigint not null,
    batch_id varchar(100) not null,
    constraint training_batch_samples_pkey primary key (sample_id)
);
comment on table chat.training_batch_samples is
'Which batch each exported training sample went out in; a sample is exported once. '
'No foreign keys (cost): checked by the invariant training_batches_match_samples.';
comment on column chat.training_batch_samples.sample_id is 'chat.training_samples.id of the exported sample.';
comment on column chat.training_batch_samples.batch_id is 'chat.training_batches.id of its batch.';

create index idx_training_batch_samples_batch_id on chat.training_batch_samples (batch_id);

insert into core.table_access (table_name, app_privileges, why)
values
('chat.training_batches', '{SELECT}', 'written only by the export, in the transaction that exports the batch'),
('chat.training_batch_samples', '{SELECT}', 'written only by the export, in the transaction that exports the batch');
call core.apply_table_access();

-- The previous release's exports, as batches.
insert into chat.training_batches (id, exported_at, sample_count)
select
    s.training_batch_id as id,
    max(coalesce(s.approved_at, s.created_at)) as exported_at,
    count(*) as sample_count
from chat.training_samples as s
where s.used_in_training
group by s.training_batch_id;

insert into chat.training_batch_samples (sample_id, batch_id)
select
    s.id,
    s.training_batch_id
from chat.training_samples as s
where s.used_in_training;

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

create function chat.keep_exported_samples() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
    if tg_op = 'UPDATE' and new.approved then
        return new;
    end if;
    if exists (select from chat.training_batch_samples as b where b.sample_id = old.id) then
        raise exception 'training sample % was exported in batch %: it stays approved and is not deleted',
            old.id, (select b.batch_id from chat.training_batch_samples as b where b.sample_id = old.id)
            using errcode = 'check_violation',
                constraint = 'training_samples_exported_check',
                hint = 'core.forget_user keeps an exported sample''s text and removes who wrote it';
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end;
$$;
comment on function chat.keep_exported_samples() is
'BEFORE UPDATE OF approved or DELETE on chat.training_samples: an exported sample stays approved and is kept.';

create trigger training_samples_keep_exported
before update of approved or delete on chat.training_samples
for each row
when (old.approved)
execute function chat.keep_exported_samples();

create or replace function core.forget_user(p_user_id bigint)
returns table (module text, table_name text, rows_changed bigint)
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_column
declare
    person core.users;
    changed bigint;
begin
    select u.* into person from core.users as u where u.id = p_user_id for update;
    if not found then
        raise exception 'no user with id %', p_user_id using errcode = 'no_data_found';
    end if;

    -- Children's data first.
    update quest.child_privacy_settings as c
    set child_display_name = null, progress_sync_consent = false
    where c.user_id = p_user_id and (c.child_display_name is not null or c.progress_sync_consent);
    get diagnostics changed = row_count;
    return query select 'quest', 'child_privacy_settings', changed;

    delete from quest.quest_progress as p where p.user_id = p_user_id;
    get diagnostics changed = row_count;
    return query select 'quest', 'quest_progress', changed;

    update quest.quest_ratings as r set review_text = null
    where r.user_id = p_user_id and r.review_text is not null;
    get diagnostics changed = row_count;
    return query select 'quest', 'quest_ratings', changed;

    update quest.quest_builder_sessions as b set conversation_history = '[]'
    where b.user_id = p_user_id and b.conversation_history <> '[]';
    get diagnostics changed = row_count;
    return query select 'quest', 'quest_builder_sessions', changed;

    delete from chat.conversation_memory as m where m.user_id = p_user_id;
    get diagnostics changed = row_count;
    return query select 'chat', 'conversation_memory', changed;

    update chat.conversation_logs as l
    set
        phone_number = null, user_message = '', bot_response = null, conversation_context = null,
        nlu_entities = null, is_training_candidate = false
    where
        (l.user_id = p_user_id or l.phone_number = person.phone)
        and (l.phone_number is not null or l.user_message <> '' or l.bot_response is not null
            or l.conversation_context is not null or l.nlu_entities is not null);
    get diagnostics changed = row_count;
    return query select 'chat', 'conversation_logs', changed;

    update chat.flow_runs as f set phone_number = null, context = '{}'
    where f.phone_number = person.phone;
    get diagnostics changed = row_count;
    return query select 'chat', 'flow_runs', changed;

    update chat.training_samples as s
    set text = '', entities = null, context = null, review_status = 'rejected', approved = false
    where
        s.user_id = p_user_id and s.text <> ''
        and not exists (select from chat.training_batch_samples as b where b.sample_id = s.id);
    get diagnostics changed = row_count;
    return query select 'chat', 'training_samples (not exported)', changed;

    update chat.training_samples as s set user_id = null, session_id = null
    where
        s.user_id = p_user_id
        and exists (select from chat.training_batch_samples as b where b.sample_id = s.id);
    get diagnostics changed = row_count;
    return query select 'chat', 'training_samples (exported)', changed;

    delete from learn.ai_analyses as a where a.user_id = p_user_id;
    get diagnostics changed = row_count;
    return query select 'learn', 'ai_analyses', changed;

    update learn.behavior_logs as b set metadata = '{}'
    where b.user_id = p_user_id and b.metadata <> '{}';
    get diagnostics changed = row_count;
    return query select 'learn', 'behavior_logs', changed;

    update quest.quest_builder_sessions as b set quest_context = null, current_graph = null
    where b.user_id = p_user_id and (b.quest_context is not null or b.current_graph is not null);
    get diagnostics changed = row_count;
    return query select 'quest', 'quest_builder_sessions (context, graph)', changed;

    update community.doubts as d set title = '[erased]', body = '[erased]'
    where d.author_id = p_user_id and (d.title <> '[erased]' or d.body <> '[erased]');
    get diagnostics changed = row_count;
    return query select 'community', 'doubts', changed;

    update community.answers as a set body = '[erased]'
    where a.author_id = p_user_id and a.body <> '[erased]';
    get diagnostics changed = row_count;
    return query select 'community', 'answers', changed;

    delete from trust.content_embeddings as e where e.user_id = p_user_id;
    get diagnostics changed = row_count;
    return query select 'trust', 'content_embeddings', changed;

    update trust.fact_check_logs as f set generated_text = '', context_used = ''
    where f.user_id = p_user_id and (f.generated_text <> '' or f.context_used <> '');
    get diagnostics changed = row_count;
    return query select 'trust', 'fact_check_logs', changed;

    update core.event_logs as e set metadata = '{}'
    where e.user_id = p_user_id and e.metadata <> '{}';
    get diagnostics changed = row_count;
    return query select 'core', 'event_logs', changed;

    update learn.certificates as c set learner_name = null
    from learn.enrollments as e
    where c.enrollment_id = e.id and e.user_id = p_user_id and c.learner_name is not null;
    get diagnostics changed = row_count;
    return query select 'learn', 'certificates (name)', changed;

    delete from core.accounts as a where a.user_id = p_user_id;
    get diagnostics changed = row_count;
    return query select 'core', 'accounts', changed;

    delete from core.verification_tokens as t where t.identifier in (person.email, person.phone);
    get diagnostics changed = row_count;
    return query select 'core', 'verification_tokens', changed;

    update core.users as u
    set
        phone = null, email = null, first_name = null, last_name = null, parent_name = null,
        preferences = null, interests = null, learning_profile = null, leaderboard_opt_out = true,
        forgotten_at = coalesce(u.forgotten_at, now())
    where
        u.id = p_user_id
        and (
            u.phone is not null or u.email is not null or u.first_name is not null or u.last_name is not null
            or u.parent_name is not null or u.preferences is not null or u.interests is not null
            or u.learning_profile is not null or not u.leaderboard_opt_out or u.forgotten_at is null
        );
    get diagnostics changed = row_count;
    return query select 'core', 'users', changed;
end;
$$;
comment on function core.forget_user(bigint) is
'Erases or anonymises one person''s personal data in every module (as the owner: the application may call it '
'but not write what it erases); returns rows changed per table. Idempotent.';
