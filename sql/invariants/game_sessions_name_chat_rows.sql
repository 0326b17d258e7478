-- description: every game's conversation message and training sample exist
-- No foreign key holds them (on Citus games live on their users' shards,
-- the chat's logs on the coordinator); play.refuse_unknown_chat_rows
-- checks a game when it is written, play.keep_played_chat_rows a chat row
-- when it is deleted, and this checks every row.
select
    g.id as game_session_id,
    g.conversation_log_id,
    g.training_sample_id
from play.game_sessions as g
where
    (
        g.conversation_log_id is not null
        and not exists (
            select from chat.conversation_logs as l
            where l.id = g.conversation_log_id
        )
    )
    or (
        g.training_sample_id is not null
        and not exists (
            select from chat.training_samples as s
            where s.id = g.training_sample_id
        )
    )
order by g.id
