-- name: claim_pending_rewards
-- description: Hand pending rewards, oldest first, to one wallet worker for a lease; no two workers get the same one
-- mode: write
-- lock: none
-- param: worker text | a name for this worker, e.g. its host and process id
-- param: max_rows int >= 1 <= 1000000 = 100 | most rewards to hand out in this call
-- param: lease_seconds int >= 1 <= 86400 = 300 | how long the rewards stay this worker's before another may take them
--
-- Wallet workers call this instead of reading pending_rewards: each reward
-- goes to one worker at a time (play.claim_pending_rewards skips rows other
-- workers hold and claims that have not expired). A worker that dies loses
-- its claims when the lease ends. Record each outcome with
-- record_reward_result; a retry frees the claim at once. No advisory lock:
-- workers run side by side, sharing the work.
select
    c.game_session_id,
    c.user_id,
    c.php_user_id,
    c.game_type,
    c.amount,
    c.currency,
    c.completed_at,
    c.claimed_until
from
    play.claim_pending_rewards(
        {{ worker }}::text, {{ max_rows }}::integer, make_interval(secs => {{ lease_seconds }})
    ) as c
