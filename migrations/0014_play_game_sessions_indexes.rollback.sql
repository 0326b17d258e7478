-- transactional: false
--
-- Undo 0014: drops the game_sessions indexes, CONCURRENTLY (no write lock).
-- Listed newest first, so a failed build of 0014 undoes exactly what it built.
-- No data is lost; queries that used them get slower.

drop index concurrently if exists play.idx_game_sessions_reward_pending;
drop index concurrently if exists play.game_sessions_reward_transaction_id_key;
drop index concurrently if exists play.idx_game_sessions_conversation_log_id;
drop index concurrently if exists play.idx_game_sessions_training_sample_id;
drop index concurrently if exists play.idx_game_sessions_user_id_started_at;
