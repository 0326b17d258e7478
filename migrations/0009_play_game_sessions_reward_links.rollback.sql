-- Undo 0009: drops the four reward/link columns and their constraints.
-- Loses which games were credited, with which wallet transaction.

alter table play.game_sessions drop constraint game_sessions_reward_credited_check;
alter table play.game_sessions drop constraint game_sessions_reward_status_check;
alter table play.game_sessions drop constraint game_sessions_conversation_log_id_fkey;
alter table play.game_sessions drop constraint game_sessions_training_sample_id_fkey;
alter table play.game_sessions
drop column reward_status,
drop column reward_transaction_id,
drop column conversation_log_id,
drop column training_sample_id;
