-- transactional: false
--
-- Indexes on the live game_sessions table, built CONCURRENTLY so writes go
-- on while they build (CONCURRENTLY cannot run inside a transaction, hence
-- the directive above: each statement commits on its own).
--   * (user_id, started_at): the foreign key to core.users, and the
--     per-user hourly/daily game limits of play.start_game;
--   * training_sample_id, conversation_log_id: the foreign keys of 0009;
--   * reward_transaction_id, unique: a wallet transaction is credited once;
--   * the wallet worker's queue: completed games whose reward is pending.
-- If a build fails part way, the rollback steps drop what was built; a
-- failed CONCURRENTLY build can leave an INVALID index behind: drop it with
-- DROP INDEX CONCURRENTLY and run `gamedb migrate` again.

create index concurrently idx_game_sessions_user_id_started_at
on play.game_sessions (user_id, started_at);

create index concurrently idx_game_sessions_training_sample_id
on play.game_sessions (training_sample_id);

create index concurrently idx_game_sessions_conversation_log_id
on play.game_sessions (conversation_log_id);

create unique index concurrently game_sessions_reward_transaction_id_key
on play.game_sessions (reward_transaction_id);

create index concurrently idx_game_sessions_reward_pending
on play.game_sessions (completed_at)
where status = 'completed' and reward_status = 'pending';
