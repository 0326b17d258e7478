-- Undo 0012: puts the constraints back in the NOT VALID state 0009 and 0011
-- left them in. PostgreSQL has no "unvalidate", so each is dropped and added
-- again NOT VALID (a brief lock each, no scan). No data is lost.

alter table play.game_sessions
drop constraint game_sessions_completion_check,
add constraint game_sessions_completion_check check (
    score >= 0
    and completion_time_seconds >= 0
    and (status <> 'completed' or completed_at is not null)
) not valid;

alter table play.game_sessions
drop constraint game_sessions_status_check,
add constraint game_sessions_status_check
check (status in ('active', 'completed', 'abandoned')) not valid;

alter table play.game_sessions
drop constraint game_sessions_difficulty_check,
add constraint game_sessions_difficulty_check check (difficulty in ('easy', 'medium', 'hard')) not valid;

alter table play.game_sessions
drop constraint game_sessions_game_type_check,
add constraint game_sessions_game_type_check check (
    game_type in ('intent_quest', 'language_master', 'tone_detective', 'entity_hunter', 'profile_builder')
) not valid;

alter table play.game_sessions
drop constraint game_sessions_user_id_fkey,
add constraint game_sessions_user_id_fkey
foreign key (user_id) references core.users (id) not valid;

alter table play.game_sessions
drop constraint game_sessions_reward_credited_check,
add constraint game_sessions_reward_credited_check
check (reward_status is distinct from 'credited' or reward_transaction_id is not null) not valid;

alter table play.game_sessions
drop constraint game_sessions_reward_status_check,
add constraint game_sessions_reward_status_check
check (reward_status in ('pending', 'credited', 'failed')) not valid;

alter table play.game_sessions
drop constraint game_sessions_conversation_log_id_fkey,
add constraint game_sessions_conversation_log_id_fkey
foreign key (conversation_log_id) references chat.conversation_logs (id) not valid;

alter table play.game_sessions
drop constraint game_sessions_training_sample_id_fkey,
add constraint game_sessions_training_sample_id_fkey
foreign key (training_sample_id) references chat.training_samples (id) not valid;
