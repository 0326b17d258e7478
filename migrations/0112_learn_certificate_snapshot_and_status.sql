-- Certificates as Open edX keeps them (issue: verification showed today's
-- name, and a certificate could not be withdrawn).
--
--   * learner_name and grade are recorded when the certificate is issued
--     (BEFORE INSERT trigger: the learner's name then, the best quiz score),
--     so verifying later shows what was certified, whatever the profile
--     says now. Certificates issued before this keep no snapshot: verifying
--     them shows the current name, as before.
--   * status: issued or invalidated; learn.invalidate_certificate records
--     who invalidated it, when and why, and verify_certificate answers
--     "invalid" with the reason. An invalidated certificate stays (its code
--     must keep answering).
--   * The name is a person's data: gamedb_readonly may not read it, and
--     core.forget_user (replaced here with one more step) erases it.
--   * The new columns are the database's to write (core.table_access).
-- Live table: the columns are nullable or have a constant default; the
-- checks are added NOT VALID (no scan); 0113 validates them and indexes
-- invalidated_by.

alter table learn.certificates
add column learner_name text,
add column grade numeric(5, 2),
add column status text not null default 'issued',
add column invalidated_at timestamptz,
add column invalidated_by bigint,
add column invalidation_reason text;
comment on column learn.certificates.learner_name is 'The learner''s name when the certificate was issued.';
comment on column learn.certificates.grade is
'The best quiz score (0..100) when issued; null for a course without a quiz.';
comment on column learn.certificates.status is 'Closed set: issued, invalidated.';
comment on column learn.certificates.invalidated_by is 'The user (an administrator) who invalidated it.';
comment on column learn.certificates.invalidation_reason is 'Why it was invalidated.';

alter table learn.certificates
add constraint certificates_status_check check (
    status in ('issued', 'invalidated')
    and (status = 'invalidated') = (invalidated_at is not null)
    and (status = 'invalidated') = (invalidation_reason is not null and invalidated_by is not null)
) not valid,
add constraint certificates_invalidated_by_fkey foreign key (invalidated_by) references core.users (id) not valid;

create function learn.record_certificate_snapshot() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
    select nullif(concat_ws(' ', u.first_name, u.last_name), ''),
        (select max(q.score) from learn.quiz_attempts as q where q.enrollment_id = e.id)
    into new.learner_name, new.grade
    from learn.enrollments as e
    inner join core.users as u on e.user_id = u.id
    where e.id = new.enrollment_id;
    new.status := 'issued';
    new.invalidated_at := null;
    new.invalidated_by := null;
    new.invalidation_reason := null;
    return new;
end;
$$;
comment on function learn.record_certificate_snapshot() is
'BEFORE INSERT on learn.certificates: records the learner''s name and grade at issue; a new certificate is issued.';

create trigger certificates_record_snapshot
before insert on learn.certificates
for each row execute function learn.record_certificate_snapshot();

create function learn.invalidate_certificate(p_code text, p_admin_id bigint, p_reason text)
returns setof learn.certificates
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
    if coalesce(btrim(p_reason), '') = '' then
        raise exception 'invalidating a certificate needs a reason' using errcode = 'check_violation';
    end if;
    if not exists (select 1 from core.users as u where u.id = p_admin_id) then
        raise exception 'no user with id %', p_admin_id using errcode = 'no_data_found';
    end if;
    return query
    update learn.certificates as c
    set status = 'invalidated', invalidated_at = now(), invalidated_by = p_admin_id, invalidation_reason = p_reason
    where c.verification_code = upper(p_code) and c.status = 'issued'
    returning c.*;
    if not found then
        raise exception 'no issued certificate with code %', upper(p_code) using errcode = 'no_data_found';
    end if;
end;
$$;
comment on function learn.invalidate_certificate(text, bigint, text) is
'Invalidates an issued certificate, recording who, when and why; its code then verifies as invalid.';

update core.table_access
set
    database_columns = '{learner_name,grade,status,invalidated_at,invalidated_by,invalidation_reason}',
    personal_columns = '{learner_name}',
    why = 'issued by issue_certificates, invalidated only through learn.invalidate_certificate'
where table_name = 'learn.certificates';
call core.apply_table_access();

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
