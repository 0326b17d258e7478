-- description: every credited game's wallet transaction is in play.reward_transactions, and nothing else is
-- No unique index on the games holds "a transaction credits one game"
-- (on Citus games live on their users' shards);
-- play.keep_reward_transactions keeps the lookup with every write of a
-- game, and this checks both ways.
select
    coalesce(g.reward_transaction_id, t.transaction_id) as transaction_id,
    coalesce(g.id, t.game_session_id) as game_session_id
from (
    select
        g.id,
        g.user_id,
        g.reward_transaction_id
    from play.game_sessions as g
    where g.reward_transaction_id is not null
) as g
full join play.reward_transactions as t
    on g.reward_transaction_id = t.transaction_id and g.id = t.game_session_id and g.user_id = t.user_id
where g.id is null or t.transaction_id is null
order by transaction_id, game_session_id
