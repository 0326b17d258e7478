-- The analysts' role calls no function that writes as its owner.
--
-- Sixteen functions run as their owner (SECURITY DEFINER) so that the
-- application can do through them what it may not do to the tables
-- directly: cast a vote with its reputation, start and complete a game,
-- moderate, forget a person, review training samples, recompute the
-- trust scores and the vote graph. PostgreSQL lets every role execute a
-- new function (PUBLIC), so gamedb_readonly could call them too: an
-- analyst could erase a person (core.forget_user), suspend a user
-- (trust.moderate) or vote in anyone's name. Each is now executable by
-- gamedb_app only (and the owner); functions that run as their caller
-- stay open to both roles, since a view's functions are checked against
-- the role that reads the view. tests/test_attacks.py finds any
-- owner-run function the analysts can call, from the catalogue, so a new
-- one is caught the day it is written.
--
-- Privileges only.

revoke execute on function chat.approve_training_samples(text, text, text, numeric, integer) from public;
grant execute on function chat.approve_training_samples(text, text, text, numeric, integer) to gamedb_app;
revoke execute on function chat.review_training_sample(bigint, text, text, text, jsonb) from public;
grant execute on function chat.review_training_sample(bigint, text, text, text, jsonb) to gamedb_app;
revoke execute on function community.accept_answer(bigint, bigint) from public;
grant execute on function community.accept_answer(bigint, bigint) to gamedb_app;
revoke execute on function community.cast_vote(bigint, text, bigint, text) from public;
grant execute on function community.cast_vote(bigint, text, bigint, text) to gamedb_app;
revoke execute on function community.change_vote(bigint, text, bigint, text) from public;
grant execute on function community.change_vote(bigint, text, bigint, text) to gamedb_app;
revoke execute on function community.refresh_vote_graph(boolean) from public;
grant execute on function community.refresh_vote_graph(boolean) to gamedb_app;
revoke execute on function community.retract_vote(bigint, text, bigint) from public;
grant execute on function community.retract_vote(bigint, text, bigint) to gamedb_app;
revoke execute on function core.forget_user(bigint) from public;
grant execute on function core.forget_user(bigint) to gamedb_app;
revoke execute on function learn.invalidate_certificate(text, bigint, text) from public;
grant execute on function learn.invalidate_certificate(text, bigint, text) to gamedb_app;
revoke execute on function play.claim_pending_rewards(text, integer, interval) from public;
grant execute on function play.claim_pending_rewards(text, integer, interval) to gamedb_app;
revoke execute on function play.complete_game(bigint, text, integer) from public;
grant execute on function play.complete_game(bigint, text, integer) to gamedb_app;
revoke execute on function play.record_reward_result(bigint, text, text) from public;
grant execute on function play.record_reward_result(bigint, text, text) to gamedb_app;
revoke execute on function play.start_game(bigint, text, text, bigint, text, text, bigint) from public;
grant execute on function play.start_game(bigint, text, text, bigint, text, text, bigint) to gamedb_app;
revoke execute on function reward.record_achievement_progress(bigint, text, integer, bigint) from public;
grant execute on function reward.record_achievement_progress(bigint, text, integer, bigint) to gamedb_app;
revoke execute on function trust.moderate(bigint, bigint, text, text, timestamp with time zone, jsonb) from public;
grant execute on function trust.moderate(bigint, bigint, text, text, timestamp with time zone, jsonb) to gamedb_app;
revoke execute on function trust.recompute_trust_scores(bigint[]) from public;
grant execute on function trust.recompute_trust_scores(bigint[]) to gamedb_app;
