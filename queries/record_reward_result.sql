-- name: record_reward_result
-- description: Record the wallet's answer for a reward: credited (with its transaction id), failed, or retry
-- mode: write
-- param: game_session_id int >= 1 | the game whose reward was sent
-- param: outcome text | credited, failed or retry
-- param: transaction_id text = null | the wallet transaction id (required for credited)
--
-- Idempotent: crediting again with the same transaction id changes nothing;
-- another transaction id for a credited game, or one already used by
-- another game, is refused (exit 3).
select
    id as game_session_id,
    user_id,
    reward_status,
    reward_transaction_id,
    rewards_earned ->> 'amount' as amount
from play.record_reward_result({{ game_session_id }}::bigint, {{ outcome }}::text, {{ transaction_id }}::text)
