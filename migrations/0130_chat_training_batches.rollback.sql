-- Undo 0130: exports are marked on the samples again (the previous
-- release's export sets used_in_training itself). Samples exported since
-- 0130 get their flag and batch back from chat.training_batch_samples
-- before the tables go, so no export is forgotten and none is repeated.
-- The refill rewrites those samples: on a large table run it in a quiet
-- period.

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
    where s.user_id = p_user_id and not s.used_in_training and s.text <> '';
    get diagnostics changed = row_count;
    return query select 'chat', 'training_samples (not exported)', changed;

    update chat.training_samples as s set user_id = null, session_id = null
    where s.user_id = p_user_id and s.used_in_training;
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

drop trigger training_samples_keep_exported on chat.training_samples;
drop function chat.keep_exported_samples();
drop trigger training_samples_record_flagged_export on chat.training_samples;
drop function chat.record_flagged_export();

update chat.training_samples as s
set used_in_training = true, training_batch_id = b.batch_id
from chat.training_batch_samples as b
where b.sample_id = s.id and not s.used_in_training;

delete from core.table_access
where table_name in ('chat.training_batches', 'chat.training_batch_samples');
drop table chat.training_batch_samples;
drop table chat.training_batches;
