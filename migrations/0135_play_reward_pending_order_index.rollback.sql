-- transactional: false
--
-- Undo 0135: the pending index on completed_at alone comes back, then the
-- ordered one goes, both CONCURRENTLY. No data is lost.

create index concurrently idx_game_sessions_reward_pending
on play.game_sessions (completed_at)
where status = 'completed' and reward_status = 'pending';

drop index concurrently if exists play.idx_game_sessions_reward_pending_order;
