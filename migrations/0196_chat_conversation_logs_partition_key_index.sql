-- transactional: false
--
-- First of three steps that turn chat.conversation_logs, every message the
-- bot received with its NLU analysis, into a table partitioned by month of
-- created_at (0198 says why), on a live database, as 0175-0179 did for the
-- trust and award logs.
--
-- A partitioned table's primary key must hold its partition key, so the
-- key becomes (id, created_at): this builds its index CONCURRENTLY
-- (messages go on being logged), and 0198 promotes it to the primary key
-- without a scan. An interrupted build is rebuilt by `gamedb migrate`.
--
-- Nothing may point at a partitioned table's id alone, so the foreign key
-- from chat.training_samples.conversation_log_id goes, its rule held by
-- triggers on both sides as 0195 did for the games' links to the chat:
-- chat.refuse_unknown_conversation_log (a sample names a message that
-- exists, locked FOR KEY SHARE until the writer commits) and
-- chat.keep_sampled_conversation_logs (the application may delete
-- messages: one a sample names stays; checked after the delete or the new
-- id, so that it sees a sample committed while it waited for the
-- message's lock). Both refuse as the key did (foreign_key_violation,
-- training_samples_conversation_log_id_fkey). The triggers are created
-- before the key is dropped, so one of the two always holds; the
-- invariant training_samples_name_conversation_logs checks every row.
--
-- On a partitioned table a row trigger fires on the partition, whose name
-- is not the table's: play.keep_played_chat_rows (0195) tells the chat's
-- two tables apart by core.written_table_name from here on.

create unique index concurrently idx_conversation_logs_id_created_at
on chat.conversation_logs (id, created_at);

create or replace function chat.refuse_unknown_conversation_log() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
    -- As a foreign key: no message named, or the same one as before, is not checked. FOR KEY
    -- SHARE (owner's privilege, hence security definer): it stays until this sample's writer commits.
    if new.conversation_log_id is null
        or (tg_op = 'UPDATE' and new.conversation_log_id = old.conversation_log_id) then
        return null;
    end if;
    perform from chat.conversation_logs as l where l.id = new.conversation_log_id for key share;
    if not found then
        raise exception 'insert or update on table "training_samples" violates foreign key constraint '
            '"training_samples_conversation_log_id_fkey"'
        using errcode = 'foreign_key_violation', constraint = 'training_samples_conversation_log_id_fkey',
        schema = 'chat', table = 'training_samples',
        detail = format('Key (conversation_log_id)=(%s) is not present in table "conversation_logs".',
            new.conversation_log_id);
    end if;
    return null;
end;
$$;
comment on function chat.refuse_unknown_conversation_log() is
'AFTER INSERT OR UPDATE OF conversation_log_id on chat.training_samples: the message a sample names exists. '
'The foreign key a partitioned chat.conversation_logs cannot be pointed at by (0196).';

create or replace trigger training_samples_name_a_conversation_log
after insert or update of conversation_log_id on chat.training_samples
for each row execute function chat.refuse_unknown_conversation_log();

create or replace function chat.keep_sampled_conversation_logs() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
    if exists (select from chat.training_samples as t where t.conversation_log_id = old.id) then
        raise exception 'update or delete on table "conversation_logs" violates foreign key constraint '
            '"training_samples_conversation_log_id_fkey" on table "training_samples"'
        using errcode = 'foreign_key_violation', constraint = 'training_samples_conversation_log_id_fkey',
        schema = 'chat', table = 'training_samples',
        detail = format('Key (id)=(%s) is still referenced from table "training_samples".', old.id);
    end if;
    return null;
end;
$$;
comment on function chat.keep_sampled_conversation_logs() is
'AFTER DELETE OR UPDATE OF id on chat.conversation_logs: a message a training sample names stays. The '
'referenced side of the foreign key a partitioned table cannot hold (0196).';

create or replace trigger conversation_logs_keep_sampled
after delete or update of id on chat.conversation_logs
for each row execute function chat.keep_sampled_conversation_logs();

create or replace function play.keep_played_chat_rows() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
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

-- Squawk warns of the dropped constraint: its rule is held by the triggers
-- created above.
-- squawk-ignore-file ban-drop-constraint
alter table chat.training_samples drop constraint if exists training_samples_conversation_log_id_fkey;
