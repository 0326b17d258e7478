-- transactional: false
--
-- Undo 0195: the unique index on reward_transaction_id comes back, built
-- CONCURRENTLY (it fails, changing nothing, if two games share a
-- transaction); the foreign keys to chat.conversation_logs and
-- chat.training_samples come back, added NOT VALID under a short lock and
-- then validated without blocking writers (they fail, changing nothing, if
-- a game names a row that is gone); only then do the triggers and the
-- lookup table go. The primary key goes back to (id), its index built
-- CONCURRENTLY and swapped in. A rerun after a crash finds the keys and
-- adds nothing twice.

create unique index concurrently game_sessions_reward_transaction_id_key
on play.game_sessions (reward_transaction_id);

do $$
begin
    if not exists (
        select from pg_constraint
        where conrelid = 'play.game_sessions'::regclass and conname = 'game_sessions_conversation_log_id_fkey'
    ) then
        alter table play.game_sessions add constraint game_sessions_conversation_log_id_fkey
        foreign key (conversation_log_id) references chat.conversation_logs (id) not valid;
    end if;
    if not exists (
        select from pg_constraint
        where conrelid = 'play.game_sessions'::regclass and conname = 'game_sessions_training_sample_id_fkey'
    ) then
        alter table play.game_sessions add constraint game_sessions_training_sample_id_fkey
        foreign key (training_sample_id) references chat.training_samples (id) not valid;
    end if;
end;
$$;
alter table play.game_sessions validate constraint game_sessions_conversation_log_id_fkey;
alter table play.game_sessions validate constraint game_sessions_training_sample_id_fkey;

drop trigger if exists conversation_logs_keep_played on chat.conversation_logs;
drop trigger if exists training_samples_keep_played on chat.training_samples;
drop function if exists play.keep_played_chat_rows();
drop trigger if exists game_sessions_name_chat_rows on play.game_sessions;
drop function if exists play.refuse_unknown_chat_rows();
drop trigger if exists game_sessions_keep_reward_transactions on play.game_sessions;
drop function if exists play.keep_reward_transactions();
delete from core.table_access
where table_name = 'play.reward_transactions';
drop table if exists play.reward_transactions;

create unique index concurrently idx_game_sessions_id on play.game_sessions (id);
-- squawk-ignore-file ban-drop-constraint
alter table play.game_sessions
drop constraint game_sessions_pkey,
add constraint game_sessions_pkey primary key using index idx_game_sessions_id;
