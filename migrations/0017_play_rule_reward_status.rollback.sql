-- Undo 0017: reward status moves are no longer checked. No data is lost.

drop trigger game_sessions_enforce_reward_status on play.game_sessions;
drop function play.enforce_reward_status();
