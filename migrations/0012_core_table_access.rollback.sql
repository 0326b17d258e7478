-- Undo 0012: every grant and default privilege 0012 made, and the
-- declaration's rows.

alter default privileges for role gamedb_owner in schema chat revoke select,
insert,
update,
delete on tables from gamedb_app;
alter default privileges for role gamedb_owner in schema chat revoke select on tables from gamedb_readonly;
alter default privileges for role gamedb_owner in schema community revoke select,
insert,
update,
delete on tables from gamedb_app;
alter default privileges for role gamedb_owner in schema community revoke select on tables from gamedb_readonly;
alter default privileges for role gamedb_owner in schema core revoke select,
insert,
update,
delete on tables from gamedb_app;
alter default privileges for role gamedb_owner in schema core revoke select on tables from gamedb_readonly;
alter default privileges for role gamedb_owner in schema learn revoke select,
insert,
update,
delete on tables from gamedb_app;
alter default privileges for role gamedb_owner in schema learn revoke select on tables from gamedb_readonly;
alter default privileges for role gamedb_owner in schema play revoke select,
insert,
update,
delete on tables from gamedb_app;
alter default privileges for role gamedb_owner in schema play revoke select on tables from gamedb_readonly;
alter default privileges for role gamedb_owner in schema quest revoke select,
insert,
update,
delete on tables from gamedb_app;
alter default privileges for role gamedb_owner in schema quest revoke select on tables from gamedb_readonly;
alter default privileges for role gamedb_owner in schema report revoke select on tables from gamedb_readonly;
alter default privileges for role gamedb_owner in schema reward revoke select,
insert,
update,
delete on tables from gamedb_app;
alter default privileges for role gamedb_owner in schema reward revoke select on tables from gamedb_readonly;
alter default privileges for role gamedb_owner in schema trust revoke select,
insert,
update,
delete on tables from gamedb_app;
alter default privileges for role gamedb_owner in schema trust revoke select on tables from gamedb_readonly;

revoke execute on function chat.approve_training_samples(text, text, text, numeric, integer) from gamedb_app;
grant execute on function chat.approve_training_samples(text, text, text, numeric, integer) to public;
revoke execute on function chat.review_training_sample(bigint, text, text, text, jsonb) from gamedb_app;
grant execute on function chat.review_training_sample(bigint, text, text, text, jsonb) to public;
revoke execute on function community.accept_answer(bigint, bigint) from gamedb_app;
grant execute on function community.accept_answer(bigint, bigint) to public;
revoke execute on function community.cast_vote(bigint, text, bigint, text) from gamedb_app;
grant execute on function community.cast_vote(bigint, text, bigint, text) to public;
revoke execute on function community.change_vote(bigint, text, bigint, text) from gamedb_app;
grant execute on function community.change_vote(bigint, text, bigint, text) to public;
revoke execute on function community.refresh_vote_graph(boolean) from gamedb_app;
grant execute on function community.refresh_vote_graph(boolean) to public;
revoke execute on function community.retract_vote(bigint, text, bigint) from gamedb_app;
grant execute on function community.retract_vote(bigint, text, bigint) to public;
grant execute on procedure core.apply_table_access() to public;
grant execute on procedure core.apply_table_access(regclass) to public;
revoke execute on function core.forget_user(bigint) from gamedb_app;
grant execute on function core.forget_user(bigint) to public;
revoke execute on function core.maintain_partitions(integer) from gamedb_app;
grant execute on function core.maintain_partitions(integer) to public;
grant execute on function core.rows_naming_no_user() to public;
grant execute on procedure core.run_job(text, text, interval, boolean, text) to public;
revoke execute on function core.set_setting(text, text, text) from gamedb_app;
grant execute on function core.set_setting(text, text, text) to public;
grant execute on function core.user_checked_columns() to public;
revoke execute on function learn.invalidate_certificate(text, bigint, text) from gamedb_app;
grant execute on function learn.invalidate_certificate(text, bigint, text) to public;
revoke execute on function play.claim_pending_rewards(text, integer, interval) from gamedb_app;
grant execute on function play.claim_pending_rewards(text, integer, interval) to public;
revoke execute on function play.complete_game(bigint, text, integer) from gamedb_app;
grant execute on function play.complete_game(bigint, text, integer) to public;
revoke execute on function play.record_reward_result(bigint, text, text) from gamedb_app;
grant execute on function play.record_reward_result(bigint, text, text) to public;
revoke execute on function play.start_game(bigint, text, text, bigint, text, text, bigint) from gamedb_app;
grant execute on function play.start_game(bigint, text, text, bigint, text, text, bigint) to public;
revoke execute on function reward.record_achievement_progress(bigint, text, integer, bigint) from gamedb_app;
grant execute on function reward.record_achievement_progress(bigint, text, integer, bigint) to public;
revoke execute on function trust.moderate(bigint, bigint, text, text, timestamp with time zone, jsonb) from gamedb_app;
grant execute on function trust.moderate(bigint, bigint, text, text, timestamp with time zone, jsonb) to public;
revoke execute on function trust.recompute_trust_scores(bigint[]) from gamedb_app;
grant execute on function trust.recompute_trust_scores(bigint[]) to public;

revoke all on all tables in schema core,
chat,
play,
quest,
learn,
reward,
community,
trust,
report from gamedb_app,
gamedb_readonly;
delete from core.table_access;
revoke usage on schema core,
chat,
play,
quest,
learn,
reward,
community,
trust,
report from gamedb_app,
gamedb_readonly;
