-- Game rules that held only by accident, and a claim for wallet workers.
--
-- record_reward_result accepted outcome=failed for a game still active (the
-- game could then not be completed) and refused crediting one only through
-- a NOT NULL: a reward result is now recorded only for a completed, won
-- game (one with a reward status), and a retry also frees its claim.
--
-- start_game compared another transaction's started_at with this
-- transaction's now(): a transaction that began earlier but got the user's
-- lock later saw a game "in the future" and was refused ("cooling down",
-- even with game_cooldown_minutes = 0; 15 of 16 clients in a load test).
-- Limits are now checked, and the game stamped, at clock_timestamp() taken
-- once the user's row is locked, which cannot go backwards between two
-- calls serialised by that lock.
--
-- Two wallet workers reading pending_rewards at once were handed the same
-- reward. play.claim_pending_rewards hands each pending reward to one worker
-- at a time: it takes rows no other transaction holds (FOR UPDATE SKIP
-- LOCKED) whose claim is free or expired, and marks them claimed by that
-- worker until now() + the lease. A worker that dies loses its claim when
-- the lease ends; record_reward_result settles the reward as before.
-- The new columns are nullable without a default: no rewrite of a live,
-- large table.
--
-- The game functions become SECURITY DEFINER (search_path pinned): they
-- are how the application plays, and after 0105 it may only read
-- play.game_sessions and may not write the users' game totals.

alter table play.game_sessions
add column reward_claimed_by text,
add column reward_claimed_until timestamptz;
comment on column play.game_sessions.reward_claimed_by is
'The wallet worker that claimed this pending reward (play.claim_pending_rewards).';
comment on column play.game_sessions.reward_claimed_until is
'The claim''s lease: until then no other worker is handed this reward.';

create or replace function play.start_game(
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


create or replace function play.record_reward_result(
    p_game_session_id bigint,
    p_outcome text,
    p_transaction_id text default null
) returns setof play.game_sessions
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    game play.game_sessions;
begin
    select * into game from play.game_sessions where id = p_game_session_id for update;
    if not found then
        raise exception 'game session % does not exist', p_game_session_id;
    end if;
    if game.status <> 'completed' or game.reward_status is null then
        raise exception 'game session %: only a completed, won game has a reward to record (status %)',
            p_game_session_id, game.status;
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
        update play.game_sessions
        set reward_status = 'pending', reward_claimed_by = null, reward_claimed_until = null
        where id = p_game_session_id
        returning *;
    else
        raise exception 'unknown reward outcome % (credited, failed, retry)', p_outcome;
    end if;
end;
$$;
comment on function play.record_reward_result(bigint, text, text) is
'Records the wallet''s answer for a game''s reward: credited (once per transaction id), failed, retry.';

create function play.claim_pending_rewards(p_worker text, p_max_rows integer, p_lease interval)
returns table (
    game_session_id bigint,
    user_id bigint,
    php_user_id bigint,
    game_type text,
    amount numeric(12, 2),
    currency text,
    completed_at timestamptz,
    claimed_until timestamptz
)
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
    if coalesce(btrim(p_worker), '') = '' then
        raise exception 'claim refused: name the worker' using errcode = 'invalid_parameter_value';
    end if;
    if p_max_rows not between 1 and 10000 then
        raise exception 'claim refused: max_rows must be 1 to 10000, not %', p_max_rows
            using errcode = 'invalid_parameter_value';
    end if;
    if p_lease not between interval '1 second' and interval '1 day' then
        raise exception 'claim refused: the lease must be 1 second to 1 day, not %', p_lease
            using errcode = 'invalid_parameter_value';
    end if;
    return query
    with picked as (
        select s.id
        from play.game_sessions as s
        where
            s.status = 'completed' and s.reward_status = 'pending'
            and (s.reward_claimed_until is null or s.reward_claimed_until < now())
        order by s.completed_at, s.id
        limit p_max_rows
        for update skip locked
    ),

    claimed as (
        update play.game_sessions as s
        set reward_claimed_by = p_worker, reward_claimed_until = now() + p_lease
        from picked as p
        where s.id = p.id
        returning s.id, s.user_id, s.game_type, s.rewards_earned, s.completed_at, s.reward_claimed_until
    )

    select
        c.id,
        c.user_id,
        u.php_user_id,
        c.game_type::text,
        (c.rewards_earned ->> 'amount')::numeric(12, 2),
        c.rewards_earned ->> 'currency',
        c.completed_at,
        c.reward_claimed_until
    from claimed as c
    inner join core.users as u on c.user_id = u.id
    order by c.completed_at, c.id;
end;
$$;
comment on function play.claim_pending_rewards(text, integer, interval) is
'Hands up to p_max_rows pending rewards, oldest first, to one wallet worker for p_lease; '
'a reward claimed by another worker is skipped until its lease ends.';

alter function play.complete_game(bigint, text, integer) security definer set search_path = pg_catalog, pg_temp;
