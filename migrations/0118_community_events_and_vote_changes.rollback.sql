-- Undo 0118: the database stops writing events and the vote functions go
-- (the cast_vote and change_vote queries of this release need them). Events
-- already written stay in core.event_logs, as the application's would.

drop function community.change_vote(bigint, text, bigint, text);
drop function community.cast_vote(bigint, text, bigint, text);
drop function trust.recompute_trust_scores(bigint[]);

drop trigger badge_grants_log_event on reward.badge_grants;
drop trigger user_achievements_log_event on reward.user_achievements;
drop trigger moderation_logs_log_event on trust.moderation_logs;
drop trigger abuse_flags_log_event on trust.abuse_flags;
drop trigger doubt_votes_log_retraction on community.doubt_votes;
drop trigger doubt_votes_log_event on community.doubt_votes;
drop trigger answer_votes_log_retraction on community.answer_votes;
drop trigger answer_votes_log_event on community.answer_votes;
drop trigger answers_log_acceptance on community.answers;
drop trigger answers_log_event on community.answers;
drop trigger doubts_log_event on community.doubts;
drop function core.log_event();

delete from core.gamification_settings
where key = 'xp_answer_accepted';
