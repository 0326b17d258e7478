-- Undo 0004: every object of the play module, by name, and its triggers on
-- other modules' tables.
-- It drops the module's tables with every row in them: back up first.

drop trigger conversation_logs_keep_played on chat.conversation_logs;
drop trigger training_samples_keep_played on chat.training_samples;
drop view play.user_game_totals;
drop function play.start_game(bigint, text, text, bigint, text, text, bigint);
drop function play.record_reward_result(bigint, text, text);
drop function play.complete_game(bigint, text, integer);
drop function play.claim_pending_rewards(text, integer, interval);
drop table
play.reward_transactions,
play.game_sessions,
play.game_questions;
drop function play.refuse_unknown_chat_rows();
drop function play.keep_reward_transactions();
drop function play.keep_played_chat_rows();
drop function play.enforce_reward_status();
