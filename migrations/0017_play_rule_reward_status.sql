-- Rule: a game's wallet reward moves only along
--     pending -> credited      (needs the wallet transaction id)
--     pending -> failed        (the wallet refused; kept for a retry)
--     failed  -> pending       (retry)
--     pending -> NULL          (the game was lost: no reward is due)
-- and a credited reward is final: its status and transaction id never
-- change. That a transaction id is credited once is the unique index of
-- 0014; that credited needs an id is the CHECK of 0009.
-- A trigger holds the moves because a CHECK sees only the new row.

create function play.enforce_reward_status() returns trigger
language plpgsql as $$
begin
    if new.reward_status is not distinct from old.reward_status then
        if old.reward_status = 'credited'
            and new.reward_transaction_id is distinct from old.reward_transaction_id then
            raise exception 'game session %: a credited reward''s transaction id cannot change', old.id
                using errcode = 'restrict_violation';
        end if;
        return new;
    end if;
    if (old.reward_status, new.reward_status) in (
        ('pending', 'credited'), ('pending', 'failed'), ('failed', 'pending')
    ) or (old.reward_status = 'pending' and new.reward_status is null) then
        return new;
    end if;
    raise exception 'game session %: reward status cannot move from % to %',
        old.id, coalesce(old.reward_status, 'NULL'), coalesce(new.reward_status, 'NULL')
        using errcode = 'restrict_violation';
end;
$$;
comment on function play.enforce_reward_status() is
'BEFORE UPDATE on play.game_sessions: reward_status moves only pending->credited|failed|NULL, failed->pending.';

create trigger game_sessions_enforce_reward_status
before update of reward_status, reward_transaction_id on play.game_sessions
for each row execute function play.enforce_reward_status();
