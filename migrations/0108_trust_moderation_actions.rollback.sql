-- Undo 0108: moderation is rows again, not enforced. Refused (by the old
-- check) once a SHADOW_BAN was logged: those rows fit only the new set.

update core.table_access
set app_privileges = '{SELECT,INSERT}', why = 'append-only log'
where table_name = 'trust.moderation_logs';
update core.table_access
set database_columns = '{total_games_played,total_rewards_earned,total_xp,total_reputation,forgotten_at}'
where table_name = 'core.users';
call core.apply_table_access();

drop function trust.moderate(bigint, bigint, text, text, timestamptz, jsonb);
drop trigger reputation_ledger_accept_votes on reward.reputation_ledger;
drop function trust.refuse_shadow_banned_votes();
drop trigger xp_ledger_refuse_suspended on reward.xp_ledger;
drop trigger game_sessions_refuse_suspended on play.game_sessions;
drop trigger doubt_votes_refuse_suspended on community.doubt_votes;
drop trigger answer_votes_refuse_suspended on community.answer_votes;
drop trigger answers_refuse_suspended on community.answers;
drop trigger doubts_refuse_suspended on community.doubts;
drop function trust.refuse_suspended_actor();
drop function core.user_may_act(bigint);

comment on column trust.moderation_logs.action is 'Closed set: WARNING, SUSPEND, BAN, RESTORE.';
alter table trust.moderation_logs drop constraint moderation_logs_action_check;
alter table trust.moderation_logs
add constraint moderation_logs_action_check check (action in ('WARNING', 'SUSPEND', 'BAN', 'RESTORE'));
