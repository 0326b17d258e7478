-- name: complete_game
-- description: Score a game's answer; a win writes a training sample and a pending reward
-- mode: write
-- param: game_session_id int >= 1 | the game (from start_game)
-- param: answer text | the player's answer
-- param: completion_time_seconds int >= 0 = null | seconds the player took
select
    id as game_session_id,
    status,
    score,
    training_sample_id,
    rewards_earned ->> 'amount' as reward_amount,
    reward_status,
    completed_at
from play.complete_game({{ game_session_id }}::bigint, {{ answer }}::text, {{ completion_time_seconds }}::integer)
