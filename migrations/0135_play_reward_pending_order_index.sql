-- transactional: false
-- revises: f1a0ddd4b5902fe5e60e3b7002207c28af908d5f08f5f3049d35372ff7f45184
--
-- pending_rewards and play.claim_pending_rewards read the oldest pending
-- rewards first, ordered by (completed_at, id). The pending index (0014)
-- holds completed_at only, so every read sorted each run of equal times
-- before it could stop: 33 ms p50, 45 ms p95 at 1M sessions in the
-- benchmark, where many games share a completion time. With id in the
-- index the read is the first rows of the index, nothing sorted.
--
-- Built CONCURRENTLY while games go on being completed (an interrupted
-- build is rebuilt by `gamedb migrate`); the old index, a prefix of the
-- new one, is dropped CONCURRENTLY after it.

create index concurrently idx_game_sessions_reward_pending_order
on play.game_sessions (completed_at, id)
where status = 'completed' and reward_status = 'pending';

-- If exists: a run interrupted after the drop runs the whole file again (revised; same result).
drop index concurrently if exists play.idx_game_sessions_reward_pending;
