-- Undo 0119: start_game loses its conversation argument (links already
-- written stay in play.game_sessions), and the confidence rule for new
-- training samples goes.

drop function play.start_game(bigint, text, text, bigint, text, text, bigint);

create function play.start_game(
    p_user_id bigint,
    p_game_type text,
    p_session_id text,
    p_question_id bigint default null,
    p_difficulty text default 'medium',
    p_language text default null
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

    update core.users set last_active_at = now() where id = p_user_id;
    return query
    insert into play.game_sessions (
        session_id, user_id, game_type, difficulty, language, mission_id, mission_data, started_at
    )
    values (
        p_session_id, p_user_id, p_game_type, p_difficulty, coalesce(p_language, user_language),
        p_question_id::text,
        case when p_question_id is not null then jsonb_build_object('question_id', p_question_id) end,
        checked_at
    )
    returning *;
end;
$$;
comment on function play.start_game(bigint, text, text, bigint, text, text) is
'Starts a game within the settings'' limits (switch, per hour, per day, cooldown) or raises why not.';

comment on column chat.training_samples.game_session_id is
'The chat session id of the game that produced the sample (seed: a varchar link to the game).';

drop trigger training_samples_confidence_rule on chat.training_samples;
drop function chat.check_training_sample_confidence();
