-- Seed 000, game_sessions: the four columns that link a game to its
-- training sample and conversation log and track its wallet reward.
--
-- Written for a live table:
--   * the new columns are nullable or have a constant default, so adding
--     them is a catalog change, not a table rewrite;
--   * the seed's link columns become real foreign keys (bigint, matching the
--     keys they point at), and reward_status a closed set; all are added
--     NOT VALID here, taking their lock for milliseconds, and validated by
--     migration 0012 under a lock that does not block writers;
--   * the indexes these keys need are built CONCURRENTLY by migration 0014.
-- reward_status NULL means "no reward is due" (a lost game); see the
-- reward rules migration for the allowed moves.

alter table play.game_sessions
add column training_sample_id bigint,
add column conversation_log_id bigint,
add column reward_transaction_id varchar(100),
add column reward_status varchar(20) default 'pending';

alter table play.game_sessions
add constraint game_sessions_training_sample_id_fkey
foreign key (training_sample_id) references chat.training_samples (id) not valid;

alter table play.game_sessions
add constraint game_sessions_conversation_log_id_fkey
foreign key (conversation_log_id) references chat.conversation_logs (id) not valid;

alter table play.game_sessions
add constraint game_sessions_reward_status_check
check (reward_status in ('pending', 'credited', 'failed')) not valid;

alter table play.game_sessions
add constraint game_sessions_reward_credited_check
check (reward_status is distinct from 'credited' or reward_transaction_id is not null) not valid;

comment on column play.game_sessions.training_sample_id is 'The training sample the game produced.';
comment on column play.game_sessions.conversation_log_id is 'The conversation message that started the game.';
comment on column play.game_sessions.reward_transaction_id is
'The PHP wallet_transactions id of the credit; unique: a transaction is credited once.';
comment on column play.game_sessions.reward_status is
'Closed set: pending, credited, failed; NULL when no reward is due. Moves enforced by trigger.';
