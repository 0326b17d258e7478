-- transactional: false
--
-- Undo 0196: the foreign key from chat.training_samples.conversation_log_id
-- comes back (added NOT VALID under a short lock, then validated without
-- blocking writers; it fails, changing nothing, if a sample names a
-- message that is gone), then its triggers go; play.keep_played_chat_rows
-- is as 0195 wrote it; the (id, created_at) index goes, CONCURRENTLY. A
-- rerun after a crash finds the key and adds nothing twice.

do $$
begin
    if not exists (
        select from pg_constraint
        where conrelid = 'chat.training_samples'::regclass and conname = 'training_samples_conversation_log_id_fkey'
    ) then
        alter table chat.training_samples add constraint training_samples_conversation_log_id_fkey
        foreign key (conversation_log_id) references chat.conversation_logs (id) not valid;
    end if;
end;
$$;
alter table chat.training_samples validate constraint training_samples_conversation_log_id_fkey;
drop trigger if exists training_samples_name_a_conversation_log on chat.training_samples;
drop function if exists chat.refuse_unknown_conversation_log();
drop trigger if exists conversation_logs_keep_sampled on chat.conversation_logs;
drop function if exists chat.keep_sampled_conversation_logs();

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

drop index concurrently if exists chat.idx_conversation_logs_id_created_at;
