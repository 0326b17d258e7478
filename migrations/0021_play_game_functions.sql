-- The game rules of seed 000's next steps, held by the database so every
-- client (API, cron, SQL console) gets the same answer:
--   play.start_game          starts a game only within game_system_enabled,
--                            max_games_per_hour, max_games_per_day and
--                            game_cooldown_minutes (read from settings),
--                            refusing with the reason;
--   play.complete_game       scores the answer, writes the training sample
--                            and the pending reward, updates the user's and
--                            the question's derived totals;
--   play.record_reward_result records the wallet's answer (credited with its
--                            transaction id, failed, or retry), idempotently.
-- Refusals raise an error (SQLSTATE P0001) with a message for the player or
-- the operator; the transaction is rolled back and nothing is written.

create function play.start_game(
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

create function play.complete_game(
    p_game_session_id bigint,
    p_answer text,
    p_completion_time_seconds integer default null
) returns setof play.game_sessions
language plpgsql as $$
declare
    game play.game_sessions;
    question play.game_questions;
    won boolean;
    amount numeric(12, 2) := 0;
    sample_id bigint;
begin
    select * into game from play.game_sessions where id = p_game_session_id for update;
    if not found then
        raise exception 'game session % does not exist', p_game_session_id;
    end if;
    if game.status <> 'active' then
        raise exception 'game session % is already %', p_game_session_id, game.status;
    end if;
    select * into question from play.game_questions
    where id = (game.mission_data ->> 'question_id')::bigint
    for update;
    if not found then
        raise exception 'game session % has no question to score (mission_data.question_id)', p_game_session_id;
    end if;

    won := lower(btrim(p_answer)) = lower(btrim(question.correct_answer));
    if won then
        amount := coalesce(question.reward_amount, core.setting_numeric('reward_' || game.game_type));
        -- The player's label, confirmed by the known answer, is training data.
        insert into chat.training_samples (
            user_id, session_id, game_session_id, text, intent, confidence,
            language, tone, source, review_priority
        )
        values (
            game.user_id, game.session_id, game.session_id, question.question_text,
            case
                when game.game_type = 'intent_quest' then question.correct_answer
                else coalesce(
                    (select substr(t, 8) from unnest(question.tags) as t where t like 'intent:%' limit 1),
                    'unknown'
                )
            end,
            1,
            case when game.game_type = 'language_master' then question.correct_answer end,
            case when game.game_type = 'tone_detective' then question.correct_answer end,
            'game',
            case when question.context_required then 1 else 0 end
        )
        returning id into sample_id;
    end if;

    update core.users
    set total_games_played = total_games_played + 1, last_active_at = now()
    where id = game.user_id;

    update play.game_questions
    set
        usage_count = usage_count + 1,
        success_count = success_count + won::integer,
        success_rate = round((success_count + won::integer)::numeric / (usage_count + 1), 4)
    where id = question.id;

    return query
    update play.game_sessions
    set
        status = 'completed',
        score = case when won then 100 else 0 end,
        completion_time_seconds = p_completion_time_seconds,
        completed_at = now(),
        training_sample_id = sample_id,
        rewards_earned = jsonb_build_object('amount', amount, 'currency', 'INR'),
        reward_status = case when won then 'pending' end
    where id = p_game_session_id
    returning *;
end;
$$;
comment on function play.complete_game(bigint, text, integer) is
'Scores a game; a win writes a training sample and a pending reward. Updates derived totals.';

create function play.record_reward_result(
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
