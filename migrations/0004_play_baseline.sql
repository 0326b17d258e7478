-- The play module (seeds 000 and 001): the mini-games' sessions, the question
-- bank, and crediting rewards to the external (PHP) wallet.
--
-- Why the rules live here:
-- - A game starts only within the settings' limits (master switch, per hour,
--   per day, cooldown): play.start_game checks them under a per-user lock, so
--   two requests at once cannot both pass.
-- - A reward moves pending -> credited or failed, enforced by trigger; a
--   wallet worker claims pending rewards with a lease, so two workers never
--   credit one reward, and a wallet transaction is credited once.
-- - Amounts come from the settings (reward_<game_type>) unless the question
--   sets its own.

-- Tables

create table play.game_questions (
    id bigint generated always as identity,
    game_type character varying(50) not null,
    question_text text not null,
    question_context text,
    correct_answer text not null,
    answer_options jsonb,
    difficulty character varying(20) default 'medium' not null,
    reward_amount numeric(12, 2),
    context_required boolean default false not null,
    tags text[],
    created_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null,
    enabled boolean default true not null,
    usage_count integer default 0 not null,
    success_rate numeric(5, 4),
    success_count integer default 0 not null,
    constraint game_questions_pkey primary key (id),
    constraint game_questions_game_type_question_text_key unique (game_type, question_text),
    constraint game_questions_amounts_check check (
        reward_amount >= 0 and usage_count >= 0 and success_rate between 0 and 1
        and success_count between 0 and usage_count
    ),
    constraint game_questions_answer_options_check check (jsonb_typeof(answer_options) = 'array'),
    constraint game_questions_difficulty_check check (difficulty::text in ('easy', 'medium', 'hard')),
    constraint game_questions_game_type_check check (
        game_type::text in ('intent_quest', 'language_master', 'tone_detective', 'entity_hunter', 'profile_builder')
    )
);
comment on table play.game_questions is 'Question bank for the mini-games, general and personalised (seed 000).';
comment on column play.game_questions.question_context is 'Extra context shown with the question.';
comment on column play.game_questions.answer_options is 'Choices offered to the player, a JSON array.';
comment on column play.game_questions.reward_amount is
'Reward in rupees; NULL means the game type''s setting reward_<game_type>.';
comment on column play.game_questions.context_required is
'A personalised question: needs the user''s conversation context.';
comment on column play.game_questions.tags is
'Free labels; ''intent:<label>'' names the intent of question_text for training samples.';
comment on column play.game_questions.usage_count is 'Derived: completed games that used the question.';
comment on column play.game_questions.success_rate is
'Derived: success_count / usage_count, rounded to 4 places; NULL until first used.';
comment on column play.game_questions.success_count is 'Derived: completed games that answered correctly.';
create index idx_game_questions_enabled on play.game_questions (enabled);
create index idx_game_questions_type on play.game_questions (game_type);

create table play.game_sessions (
    id bigint generated always as identity,
    session_id character varying(100) not null,
    user_id bigint not null,
    game_type character varying(50) not null,
    difficulty character varying(20) default 'medium' not null,
    language character varying(10) default 'en' not null,
    mission_id character varying(100),
    mission_data jsonb,
    status character varying(20) default 'active' not null,
    score integer default 0 not null,
    completion_time_seconds integer,
    rewards_earned jsonb,
    started_at timestamp with time zone default now() not null,
    completed_at timestamp with time zone,
    updated_at timestamp with time zone default now() not null,
    training_sample_id bigint,
    conversation_log_id bigint,
    reward_transaction_id character varying(100),
    reward_status character varying(20) default 'pending',
    reward_claimed_by text,
    reward_claimed_until timestamp with time zone,
    constraint game_sessions_pkey primary key (id, user_id),
    constraint game_sessions_completion_check check (
        score >= 0
        and completion_time_seconds >= 0
        and (status <> 'completed' or completed_at is not null)
    ),
    constraint game_sessions_difficulty_check check (difficulty::text in ('easy', 'medium', 'hard')),
    constraint game_sessions_game_type_check check (
        game_type::text in ('intent_quest', 'language_master', 'tone_detective', 'entity_hunter', 'profile_builder')
    ),
    constraint game_sessions_reward_credited_check check (
        reward_status is distinct from 'credited' or reward_transaction_id is not null
    ),
    constraint game_sessions_reward_status_check check (reward_status::text in ('pending', 'credited', 'failed')),
    constraint game_sessions_status_check check (status::text in ('active', 'completed', 'abandoned')),
    constraint game_sessions_user_id_fkey foreign key (user_id) references core.users (id)
);
comment on table play.game_sessions is 'One game played by one user (seed 001: reused; seed 000 adds reward tracking).';
comment on column play.game_sessions.session_id is 'The chat session the game was played in.';
comment on column play.game_sessions.game_type is
'Which mini-game: intent_quest, language_master, tone_detective, entity_hunter, profile_builder.';
comment on column play.game_sessions.mission_id is 'The mission or question played, as the game engine names it.';
comment on column play.game_sessions.mission_data is
'What the game needs to finish: e.g. {"question_id": 3} for a question-bank game.';
comment on column play.game_sessions.status is 'Closed set: active, completed, abandoned.';
comment on column play.game_sessions.completion_time_seconds is 'Seconds from start to the final answer.';
comment on column play.game_sessions.rewards_earned is
'What the game earned: {"amount": 15.00, "currency": "INR"}; amount 0 when nothing is due.';
comment on column play.game_sessions.training_sample_id is 'The training sample the game produced.';
comment on column play.game_sessions.conversation_log_id is 'The conversation message that started the game.';
comment on column play.game_sessions.reward_transaction_id is
'The PHP wallet_transactions id of the credit; unique: a transaction is credited once.';
comment on column play.game_sessions.reward_status is
'Closed set: pending, credited, failed; NULL when no reward is due. Moves enforced by trigger.';
comment on column play.game_sessions.reward_claimed_by is
'The wallet worker that claimed this pending reward (play.claim_pending_rewards).';
comment on column play.game_sessions.reward_claimed_until is
'The claim''s lease: until then no other worker is handed this reward.';
create index idx_game_sessions_conversation_log_id on play.game_sessions (conversation_log_id);
create index idx_game_sessions_reward_pending_order on play.game_sessions (completed_at, id) where (
    ((status)::text = 'completed'::text) and ((reward_status)::text = 'pending'::text)
);
create index idx_game_sessions_training_sample_id on play.game_sessions (training_sample_id);
create index idx_game_sessions_user_id_started_at on play.game_sessions (user_id, started_at);

create table play.reward_transactions (
    transaction_id character varying(100) not null,
    game_session_id bigint not null,
    user_id bigint not null,
    constraint reward_transactions_pkey primary key (transaction_id)
);
comment on table play.reward_transactions is
'Each wallet transaction that credited a game, keyed by the transaction: one game per transaction '
'across users on Citus. Kept by play.keep_reward_transactions.';
comment on column play.reward_transactions.transaction_id is 'play.game_sessions.reward_transaction_id.';
comment on column play.reward_transactions.game_session_id is 'The game it credited (play.game_sessions.id).';
comment on column play.reward_transactions.user_id is 'The game''s user: the shard it lives on, on Citus.';

-- Functions and procedures

create function play.claim_pending_rewards(p_worker text, p_max_rows integer, p_lease interval)
returns table (
    game_session_id bigint,
    user_id bigint,
    php_user_id bigint,
    game_type text,
    amount numeric,
    currency text,
    completed_at timestamp with time zone,
    claimed_until timestamp with time zone
)
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
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
'Hands up to p_max_rows pending rewards, oldest first, to one wallet worker for p_lease; a reward '
'claimed by another worker is skipped until its lease ends.';

create function play.complete_game(
    p_game_session_id bigint, p_answer text, p_completion_time_seconds integer default null::integer
)
returns setof play.game_sessions
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
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
comment on function play.complete_game(
    bigint, text, integer
) is 'Scores a game; a win writes a training sample and a pending reward. Updates derived totals.';

create function play.enforce_reward_status()
returns trigger
language plpgsql
as $$
begin
    if new.reward_status is not distinct from old.reward_status then
        if old.reward_status = 'credited'
            and new.reward_transaction_id is distinct from old.reward_transaction_id then
            raise exception 'game session %: a credited reward''s transaction id cannot change', old.id
                using errcode = 'restrict_violation';
        end if;
        return new;
    end if;
    if (old.reward_status, new.reward_status) in (
        ('pending', 'credited'), ('pending', 'failed'), ('failed', 'pending')
    ) or (old.reward_status = 'pending' and new.reward_status is null) then
        return new;
    end if;
    raise exception 'game session %: reward status cannot move from % to %',
        old.id, coalesce(old.reward_status, 'NULL'), coalesce(new.reward_status, 'NULL')
        using errcode = 'restrict_violation';
end;
$$;
comment on function play.enforce_reward_status() is
'BEFORE UPDATE on play.game_sessions: reward_status moves only pending->credited|failed|NULL, '
'failed->pending.';

create function play.keep_played_chat_rows()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
declare
    chat_table text := core.written_table_name(tg_relid);
    key_name text;
    named boolean;
begin
    if chat_table = 'chat.conversation_logs' then
        key_name := 'game_sessions_conversation_log_id_fkey';
        named := exists (select from play.game_sessions as g where g.conversation_log_id = old.id);
    else
        key_name := 'game_sessions_training_sample_id_fkey';
        named := exists (select from play.game_sessions as g where g.training_sample_id = old.id);
    end if;
    if named then
        raise exception 'update or delete on table "%" violates foreign key constraint "%" on table "game_sessions"',
            split_part(chat_table, '.', 2), key_name
        using errcode = 'foreign_key_violation', constraint = key_name, schema = 'play', table = 'game_sessions',
        detail = format('Key (id)=(%s) is still referenced from table "game_sessions".', old.id);
    end if;
    return null;
end;
$$;
comment on function play.keep_played_chat_rows() is
'AFTER DELETE OR UPDATE OF id on chat.conversation_logs and chat.training_samples: a row a game names '
'stays: the referenced side of foreign keys, which Citus allows none of.';

create function play.keep_reward_transactions()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
begin
    if tg_op = 'UPDATE' and (new.reward_transaction_id, new.id, new.user_id)
        is not distinct from (old.reward_transaction_id, old.id, old.user_id) then
        return null;
    end if;
    if tg_op <> 'INSERT' then
        delete from play.reward_transactions as t
        where t.transaction_id = old.reward_transaction_id and t.game_session_id = old.id;
    end if;
    if tg_op = 'DELETE' or new.reward_transaction_id is null then
        return null;
    end if;
    begin
        insert into play.reward_transactions (transaction_id, game_session_id, user_id)
        values (new.reward_transaction_id, new.id, new.user_id);
    exception when unique_violation then
        raise exception 'duplicate key value violates unique constraint "game_sessions_reward_transaction_id_key"'
        using errcode = 'unique_violation', constraint = 'game_sessions_reward_transaction_id_key',
        schema = 'play', table = 'game_sessions',
        detail = format('Key (reward_transaction_id)=(%s) already exists.', new.reward_transaction_id);
    end;
    return null;
end;
$$;
comment on function play.keep_reward_transactions() is
'AFTER INSERT, UPDATE OF reward_transaction_id, id, user_id OR DELETE on play.game_sessions: keeps '
'play.reward_transactions, refusing a transaction another game holds (a uniqueness Citus cannot check).';

create function play.record_reward_result(
    p_game_session_id bigint, p_outcome text, p_transaction_id text default null::text
)
returns setof play.game_sessions
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
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
'Records the wallet''s answer for a game''s reward: credited (once per transaction id), failed, '
'retry.';

create function play.refuse_unknown_chat_rows()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
begin
    -- As a foreign key: no row named, or the same one as before, is not checked. FOR KEY SHARE
    -- (owner's privilege, hence security definer): the row stays until this game's writer commits.
    if new.conversation_log_id is not null
        and (tg_op = 'INSERT' or new.conversation_log_id is distinct from old.conversation_log_id) then
        perform from chat.conversation_logs as l where l.id = new.conversation_log_id for key share;
        if not found then
            raise exception 'insert or update on table "game_sessions" violates foreign key constraint '
                '"game_sessions_conversation_log_id_fkey"'
            using errcode = 'foreign_key_violation', constraint = 'game_sessions_conversation_log_id_fkey',
            schema = 'play', table = 'game_sessions',
            detail = format('Key (conversation_log_id)=(%s) is not present in table "conversation_logs".',
                new.conversation_log_id);
        end if;
    end if;
    if new.training_sample_id is not null
        and (tg_op = 'INSERT' or new.training_sample_id is distinct from old.training_sample_id) then
        perform from chat.training_samples as s where s.id = new.training_sample_id for key share;
        if not found then
            raise exception 'insert or update on table "game_sessions" violates foreign key constraint '
                '"game_sessions_training_sample_id_fkey"'
            using errcode = 'foreign_key_violation', constraint = 'game_sessions_training_sample_id_fkey',
            schema = 'play', table = 'game_sessions',
            detail = format('Key (training_sample_id)=(%s) is not present in table "training_samples".',
                new.training_sample_id);
        end if;
    end if;
    return null;
end;
$$;
comment on function play.refuse_unknown_chat_rows() is
'AFTER INSERT OR UPDATE OF conversation_log_id, training_sample_id on play.game_sessions: the chat '
'message and the training sample a game names exist. The foreign keys to the coordinator''s chat '
'tables, which Citus allows none of.';

create function play.start_game(
    p_user_id bigint,
    p_game_type text,
    p_session_id text,
    p_question_id bigint default null::bigint,
    p_difficulty text default 'medium',
    p_language text default null::text,
    p_conversation_log_id bigint default null::bigint
)
returns setof play.game_sessions
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
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

-- Views

create view play.user_game_totals as
select
    u.id as user_id,
    count(s.id) filter (where s.status = 'completed') as games_completed,
    coalesce(
        sum((s.rewards_earned ->> 'amount')::numeric(12, 2)) filter (where s.reward_status = 'credited'), 0
    ) as rupees_credited
from core.users as u
left join play.game_sessions as s on u.id = s.user_id
group by u.id;
comment on view play.user_game_totals is
'Per user, completed games and rupees credited: what core.users.total_games_played and '
'total_rewards_earned must be.';

-- Triggers

create trigger conversation_logs_keep_played
after delete or update of id on chat.conversation_logs
for each row
execute function play.keep_played_chat_rows();

create trigger training_samples_keep_played
after delete or update of id on chat.training_samples
for each row
execute function play.keep_played_chat_rows();

create trigger game_questions_touch_updated_at
before update on play.game_questions
for each row
execute function core.touch_updated_at();

create trigger game_sessions_enforce_reward_status
before update of reward_status, reward_transaction_id on play.game_sessions
for each row
execute function play.enforce_reward_status();

create trigger game_sessions_keep_reward_transactions
after insert or delete or update of reward_transaction_id, id, user_id on play.game_sessions
for each row
execute function play.keep_reward_transactions();

create trigger game_sessions_name_chat_rows
after insert or update of conversation_log_id, training_sample_id on play.game_sessions
for each row
execute function play.refuse_unknown_chat_rows();

create trigger game_sessions_touch_updated_at
before update on play.game_sessions
for each row
execute function core.touch_updated_at();
