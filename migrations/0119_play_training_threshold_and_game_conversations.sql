-- Game answers and the training threshold; a game knows the chat message
-- that started it (seed 001).
--
-- The threshold. min_confidence_auto_save decides which chat messages
-- harvest_training_candidates saves as training samples: the NLU's own
-- confidence must reach it. A game answer is different: its label is
-- confirmed by the question's known answer, so it is saved whatever the
-- threshold, with confidence 1 (complete_game has always written 1). Until
-- now that was an accident of one function; a trigger now holds it for
-- every writer of a new sample:
--   * source 'game': confidence is 1 (an empty one is set to 1; a lower
--     one contradicts the known answer and is refused);
--   * source 'conversation': confidence is given and reaches
--     min_confidence_auto_save as it is when the sample is written;
--   * source 'manual': a person's label, any confidence.
-- Existing rows are not rechecked (the trigger is for new samples).
--
-- The link. play.game_sessions.conversation_log_id was never written:
-- start_game takes the message that started the game (optional) and
-- refuses one from another chat session or another user. The signature
-- grows by one trailing argument with a default, so existing callers keep
-- working; the old signature is dropped in the same transaction, or a call
-- with six arguments would match both.
--
-- training_samples.game_session_id keeps what the seed put there (the chat
-- session of the game, as text); the game itself is found from the other
-- side, play.game_sessions.training_sample_id, which complete_game writes.
-- Its comment now says so.

create function chat.check_training_sample_confidence() returns trigger
language plpgsql as $$
begin
    if new.source = 'game' then
        if coalesce(new.confidence, 1) <> 1 then
            raise exception 'a game sample''s label is confirmed by the known answer: confidence is 1, not %',
                new.confidence
                using errcode = 'check_violation';
        end if;
        new.confidence := 1;
    elsif new.source = 'conversation'
        and not coalesce(new.confidence >= core.setting_numeric('min_confidence_auto_save'), false) then
        raise exception 'a conversation sample needs confidence of at least min_confidence_auto_save (%), not %',
            core.setting_text('min_confidence_auto_save'), coalesce(new.confidence::text, 'none')
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;
comment on function chat.check_training_sample_confidence() is
'BEFORE INSERT on chat.training_samples: game samples have confidence 1; conversation samples reach '
'min_confidence_auto_save; manual ones any.';

create trigger training_samples_confidence_rule
before insert on chat.training_samples
for each row execute function chat.check_training_sample_confidence();

comment on column chat.training_samples.game_session_id is
'The chat session id of the game that produced the sample, as the seed has it (text). The game itself: '
'play.game_sessions.training_sample_id.';

-- The new signature accepts every call the old one did (one more argument,
-- with a default), and both change in one transaction.
-- squawk-ignore ban-drop-function
drop function play.start_game(bigint, text, text, bigint, text, text);

create function play.start_game(
    p_user_id bigint,
    p_game_type text,
    p_session_id text,
    p_question_id bigint default null,
    p_difficulty text default 'medium',
    p_language text default null,
    p_conversation_log_id bigint default null
) returns setof play.game_sessions
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    user_language text;
    started_last_hour integer;
    started_last_day integer;
    last_started timestamptz;
    checked_at timestamptz;
    cooldown interval := core.setting_numeric('game_cooldown_minutes') * interval '1 minute';
begin
    -- Locking the user's row serialises this user's starts, so two
    -- concurrent starts cannot both slip under a limit.
    select u.preferred_language into user_language from core.users as u where u.id = p_user_id for update;
    -- The limits are checked at the time this call holds the lock, not at the
    -- start of its transaction: a game another call started and committed
    -- while this one waited is then always in the past.
    checked_at := clock_timestamp();
    if not found then
        raise exception 'game refused: user % does not exist', p_user_id;
    end if;
    if not core.setting_boolean('game_system_enabled') then
        raise exception 'game refused: games are switched off (setting game_system_enabled)';
    end if;

    select
        count(*) filter (where s.started_at > checked_at - interval '1 hour'),
        count(*),
        max(s.started_at)
    into started_last_hour, started_last_day, last_started
    from play.game_sessions as s
    where s.user_id = p_user_id and s.started_at > checked_at - interval '1 day';

    if started_last_day >= core.setting_numeric('max_games_per_day') then
        raise exception 'game refused: % games in the last 24 hours reaches max_games_per_day (%)',
            started_last_day, core.setting_text('max_games_per_day');
    end if;
    if started_last_hour >= core.setting_numeric('max_games_per_hour') then
        raise exception 'game refused: % games in the last hour reaches max_games_per_hour (%)',
            started_last_hour, core.setting_text('max_games_per_hour');
    end if;
    if last_started > checked_at - cooldown then
        raise exception 'game refused: cooling down until % (game_cooldown_minutes = %)',
            last_started + cooldown, core.setting_text('game_cooldown_minutes');
    end if;
    if p_question_id is not null and not exists (
        select 1 from play.game_questions as q
        where q.id = p_question_id and q.game_type = p_game_type and q.enabled
    ) then
        raise exception 'game refused: question % is not an enabled % question', p_question_id, p_game_type;
    end if;

    if p_conversation_log_id is not null and not exists (
        select 1 from chat.conversation_logs as l
        where
            l.id = p_conversation_log_id and l.session_id = p_session_id
            and (l.user_id is null or l.user_id = p_user_id)
    ) then
        raise exception 'game refused: conversation message % is not in chat session % of user %',
            p_conversation_log_id, p_session_id, p_user_id;
    end if;

    update core.users set last_active_at = now() where id = p_user_id;
    return query
    insert into play.game_sessions (
        session_id, user_id, game_type, difficulty, language, mission_id, mission_data, started_at,
        conversation_log_id
    )
    values (
        p_session_id, p_user_id, p_game_type, p_difficulty, coalesce(p_language, user_language),
        p_question_id::text,
        case when p_question_id is not null then jsonb_build_object('question_id', p_question_id) end,
        checked_at,
        p_conversation_log_id
    )
    returning *;
end;
$$;
comment on function play.start_game(bigint, text, text, bigint, text, text, bigint) is
'Starts a game within the settings'' limits (switch, per hour, per day, cooldown) or raises why not; '
'links the conversation message that started it.';
