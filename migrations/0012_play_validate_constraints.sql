-- Validate the game_sessions constraints added NOT VALID by 0009 and 0011.
--
-- VALIDATE CONSTRAINT scans the table under SHARE UPDATE EXCLUSIVE, which
-- does not block reads or writes, so it is safe on the live table. It runs
-- in its own migration: in the same transaction as the ADD it would hold the
-- ADD's stronger lock for the whole scan. A row that breaks a rule makes
-- this migration fail and tells which constraint; fix the rows, run again.

alter table play.game_sessions validate constraint game_sessions_training_sample_id_fkey;
alter table play.game_sessions validate constraint game_sessions_conversation_log_id_fkey;
alter table play.game_sessions validate constraint game_sessions_reward_status_check;
alter table play.game_sessions validate constraint game_sessions_reward_credited_check;
alter table play.game_sessions validate constraint game_sessions_user_id_fkey;
alter table play.game_sessions validate constraint game_sessions_game_type_check;
alter table play.game_sessions validate constraint game_sessions_difficulty_check;
alter table play.game_sessions validate constraint game_sessions_status_check;
alter table play.game_sessions validate constraint game_sessions_completion_check;
