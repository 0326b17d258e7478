-- Undo 0021: drops the game functions. No data is lost.

drop function play.record_reward_result(bigint, text, text);
drop function play.complete_game(bigint, text, integer);
drop function play.start_game(bigint, text, text, bigint, text, text);
