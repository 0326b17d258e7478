-- What each user's game totals must be: completed games and rupees credited,
-- from their game sessions, in one place. The invariant users_game_totals
-- and the repair query repair_user_game_totals both read it, so they cannot
-- disagree about the rule (play.complete_game and play.record_reward_result
-- keep the totals up to date as games are played).

create view play.user_game_totals as
select
    u.id as user_id,
    count(s.id) filter (where s.status = 'completed') as games_completed,
    coalesce(
        sum((s.rewards_earned ->> 'amount')::numeric(12, 2)) filter (where s.reward_status = 'credited'), 0
    ) as rupees_credited
from core.users as u
left join play.game_sessions as s on u.id = s.user_id
group by u.id;

comment on view play.user_game_totals is
'Per user, completed games and rupees credited: what core.users.total_games_played and total_rewards_earned must be.';
