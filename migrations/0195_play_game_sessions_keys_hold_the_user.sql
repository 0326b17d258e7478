-- transactional: false
--
-- play.game_sessions (the games users play) gets keys Citus accepts for a
-- table distributed by user (sql/distribution/citus.sql):
--   * the primary key becomes (id, user_id), as 0153 did for other
--     per-user tables; nothing points at a game's id, and only the
--     database's functions write games (the application reads them), so
--     ids stay unique without a key on id alone;
--   * "a wallet transaction credits one game" moves from the unique index
--     on reward_transaction_id to a lookup table keyed by the
--     transaction, play.reward_transactions, kept by the trigger
--     play.keep_reward_transactions in the writer's transaction, as 0191
--     did for users' phone numbers: on Citus it is distributed by the
--     transaction, so the rule is one shard's key. A second game credited
--     by a taken transaction is refused as the index refused it
--     (unique_violation, game_sessions_reward_transaction_id_key);
--   * the foreign keys to chat.conversation_logs and chat.training_samples
--     go: the chat's logs stay on the coordinator, and Citus refuses a
--     foreign key from a distributed table to a coordinator one. As 0193
--     did for rubric evaluations, triggers hold both halves of each key:
--     play.refuse_unknown_chat_rows (a game names a message and a sample
--     that exist, locked FOR KEY SHARE until the writer commits) and
--     play.keep_played_chat_rows (the application may delete chat rows:
--     one a game names stays; checked after the delete or the new id, so
--     that it sees a game committed while it waited for the row's lock).
--     Both refuse as the keys did (foreign_key_violation, under the keys'
--     names, which the application may know).
-- The invariants reward_transactions_match and game_sessions_name_chat_rows
-- check every row.
--
-- On a live database each statement is its own short transaction. The
-- triggers come first; credited games written before get their lookup
-- rows in batches of 5,000, each locking those games FOR SHARE. The indexes
-- are built CONCURRENTLY and the primary key swapped in its own statement
-- (both columns are NOT NULL: no row is read under the lock); the unique
-- index and the foreign keys go last (until then both rules hold). A rerun
-- after a crash fills what is missing and swaps again: the same keys.

create table if not exists play.reward_transactions (
    transaction_id varchar(100) primary key,
    game_session_id bigint not null,
    user_id bigint not null
);
comment on table play.reward_transactions is
'Each wallet transaction that credited a game, keyed by the transaction: one game per transaction across users '
'on Citus. Kept by play.keep_reward_transactions.';
comment on column play.reward_transactions.transaction_id is 'play.game_sessions.reward_transaction_id.';
comment on column play.reward_transactions.game_session_id is 'The game it credited (play.game_sessions.id).';
comment on column play.reward_transactions.user_id is 'The game''s user: the shard it lives on, on Citus.';

insert into core.table_access (table_name, app_privileges, why)
values ('play.reward_transactions', '{SELECT}', 'kept from play.game_sessions by a trigger; finds a credit''s game')
on conflict (table_name) do nothing;
call core.apply_table_access('play.reward_transactions');

create or replace function play.keep_reward_transactions() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
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
'play.reward_transactions, refusing a transaction another game holds as the unique index did (0195).';

create or replace trigger game_sessions_keep_reward_transactions
after insert or update of reward_transaction_id, id, user_id or delete on play.game_sessions
for each row execute function play.keep_reward_transactions();

create or replace function play.refuse_unknown_chat_rows() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
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
'AFTER INSERT OR UPDATE OF conversation_log_id, training_sample_id on play.game_sessions: the chat message and '
'the training sample a game names exist. The foreign keys to the coordinator''s chat tables, which Citus '
'allows none of (0195).';

create or replace trigger game_sessions_name_chat_rows
after insert or update of conversation_log_id, training_sample_id on play.game_sessions
for each row execute function play.refuse_unknown_chat_rows();

create or replace function play.keep_played_chat_rows() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    key_name text;
    named boolean;
begin
    if tg_table_name = 'conversation_logs' then
        key_name := 'game_sessions_conversation_log_id_fkey';
        named := exists (select from play.game_sessions as g where g.conversation_log_id = old.id);
    else
        key_name := 'game_sessions_training_sample_id_fkey';
        named := exists (select from play.game_sessions as g where g.training_sample_id = old.id);
    end if;
    if named then
        raise exception 'update or delete on table "%" violates foreign key constraint "%" on table "game_sessions"',
            tg_table_name, key_name
        using errcode = 'foreign_key_violation', constraint = key_name, schema = 'play', table = 'game_sessions',
        detail = format('Key (id)=(%s) is still referenced from table "game_sessions".', old.id);
    end if;
    return null;
end;
$$;
comment on function play.keep_played_chat_rows() is
'AFTER DELETE OR UPDATE OF id on chat.conversation_logs and chat.training_samples: a row a game names stays. '
'The referenced side of the foreign keys Citus allows none of (0195).';

create or replace trigger conversation_logs_keep_played
after delete or update of id on chat.conversation_logs
for each row execute function play.keep_played_chat_rows();
create or replace trigger training_samples_keep_played
after delete or update of id on chat.training_samples
for each row execute function play.keep_played_chat_rows();

do $$
declare
    last_id bigint := 0;
begin
    loop
        with batch as (
            select g.id, g.user_id, g.reward_transaction_id
            from play.game_sessions as g
            where g.id > last_id and g.reward_transaction_id is not null
            order by g.id
            limit 5000
            for share
        ),

        credited as (
            insert into play.reward_transactions (transaction_id, game_session_id, user_id)
            select b.reward_transaction_id, b.id, b.user_id from batch as b
            on conflict do nothing
        )

        select max(b.id) into last_id from batch as b;
        exit when last_id is null;
        commit;
    end loop;
end;
$$;

create unique index concurrently idx_game_sessions_id_user_id on play.game_sessions (id, user_id);

-- Squawk warns of the dropped constraints: the key is added back, under
-- its name, in the same statement; the foreign keys' rules are held by the
-- triggers created above, the transaction's by the lookup table.
-- squawk-ignore-file ban-drop-constraint
alter table play.game_sessions
drop constraint game_sessions_pkey,
add constraint game_sessions_pkey primary key using index idx_game_sessions_id_user_id;

alter table play.game_sessions drop constraint if exists game_sessions_conversation_log_id_fkey;
alter table play.game_sessions drop constraint if exists game_sessions_training_sample_id_fkey;
drop index concurrently if exists play.game_sessions_reward_transaction_id_key;
