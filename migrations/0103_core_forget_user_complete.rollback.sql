-- Undo 0103: core.forget_user as 0093 made it, running as its caller.
-- What it erased stays erased.

create or replace function core.forget_user(p_user_id bigint)
returns table (module text, table_name text, rows_changed bigint)
language plpgsql as $$
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
'Erases or anonymises one person''s personal data in every module; returns rows changed per table. Idempotent.';
