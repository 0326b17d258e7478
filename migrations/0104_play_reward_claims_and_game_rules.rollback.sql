-- Undo 0104: the game functions of 0021, running as their caller; no
-- reward claims (claims made meanwhile are dropped with their columns).

alter function play.complete_game(bigint, text, integer) security invoker reset search_path;
drop function play.claim_pending_rewards(text, integer, interval);

create or replace function play.record_reward_result(
    p_game_session_id bigint,
    p_outcome text,
    p_transaction_id text default null
) returns setof play.game_sessions
language plpgsql as $$
declare
    game play.game_sessions;
begin
    select * into game from play.game_sessions where id = p_game_session_id for update;
    if not found then
        raise exception 'game session % does not exist', p_game_session_id;
    end if;
    if p_outcome = 'credited' then
        if p_transaction_id is null or btrim(p_transaction_id) = '' then
            raise exception 'game session %: credited needs the wallet transaction id', p_game_session_id;
        end if;
        if game.reward_status = 'credited' then
            if game.reward_transaction_id = p_transaction_id then
                return next game;  -- the wallet worker repeated itself: nothing to do
                return;
            end if;
            raise exception 'game session % was already credited by transaction %',
                p_game_session_id, game.reward_transaction_id;
        end if;
        update core.users
        set total_rewards_earned = total_rewards_earned + (game.rewards_earned ->> 'amount')::numeric
        where id = game.user_id;
        return query
        update play.game_sessions
        set reward_status = 'credited', reward_transaction_id = p_transaction_id
        where id = p_game_session_id
        returning *;
    elsif p_outcome = 'failed' then
        if game.reward_status = 'failed' then
            return next game;
            return;
        end if;
        return query
        update play.game_sessions set reward_status = 'failed' where id = p_game_session_id returning *;
    elsif p_outcome = 'retry' then
        if game.reward_status = 'pending' then
            return next game;
            return;
        end if;
        return query
        update play.game_sessions set reward_status = 'pending' where id = p_game_session_id returning *;
    else
        raise exception 'unknown reward outcome % (credited, failed, retry)', p_outcome;
    end if;
end;
$$;
comment on function play.record_reward_result(bigint, text, text) is
'Records the wallet''s answer for a game''s reward: credited (once per transaction id), failed, retry.';

create or replace function play.start_game(
    p_user_id bigint,
    p_game_type text,
    p_session_id text,
    p_question_id bigint default null,
    p_difficulty text default 'medium',
    p_language text default null
) returns setof play.game_sessions
language plpgsql as $$
declare
    user_language text;
    started_last_hour integer;
    started_last_day integer;
    last_started timestamptz;
    cooldown interval := core.setting_numeric('game_cooldown_minutes') * interval '1 minute';
begin
    -- Locking the user's row serialises this user's starts, so two
    -- concurrent starts cannot both slip under a limit.
    select u.preferred_language into user_language from core.users as u where u.id = p_user_id for update;
    if not found then
        raise exception 'game refused: user % does not exist', p_user_id;
    end if;
    if not core.setting_boolean('game_system_enabled') then
        raise exception 'game refused: games are switched off (setting game_system_enabled)';
    end if;

    select
        count(*) filter (where s.started_at > now() - interval '1 hour'),
        count(*),
        max(s.started_at)
    into started_last_hour, started_last_day, last_started
    from play.game_sessions as s
    where s.user_id = p_user_id and s.started_at > now() - interval '1 day';

    if started_last_day >= core.setting_numeric('max_games_per_day') then
        raise exception 'game refused: % games in the last 24 hours reaches max_games_per_day (%)',
            started_last_day, core.setting_text('max_games_per_day');
    end if;
    if started_last_hour >= core.setting_numeric('max_games_per_hour') then
        raise exception 'game refused: % games in the last hour reaches max_games_per_hour (%)',
            started_last_hour, core.setting_text('max_games_per_hour');
    end if;
    if last_started > now() - cooldown then
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
    insert into play.game_sessions (session_id, user_id, game_type, difficulty, language, mission_id, mission_data)
    values (
        p_session_id, p_user_id, p_game_type, p_difficulty, coalesce(p_language, user_language),
        p_question_id::text,
        case when p_question_id is not null then jsonb_build_object('question_id', p_question_id) end
    )
    returning *;
end;
$$;
comment on function play.start_game(bigint, text, text, bigint, text, text) is
'Starts a game within the settings'' limits (switch, per hour, per day, cooldown) or raises why not.';


alter table play.game_sessions
drop column reward_claimed_until,
drop column reward_claimed_by;
