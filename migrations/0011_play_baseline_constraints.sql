-- Rules for the play baseline table game_sessions, found without them:
--   * user_id becomes a real foreign key to core.users;
--   * game_type is the closed set of games that have a reward setting;
--   * difficulty and status are closed sets: the game functions move a
--     session from active to completed (or abandoned) and rely on it;
--   * score and completion time are never negative; a completed session
--     has its completion time stamp.
-- Added NOT VALID (brief lock, no scan), validated by migration 0012.

alter table play.game_sessions
add constraint game_sessions_user_id_fkey
foreign key (user_id) references core.users (id) not valid;

alter table play.game_sessions
add constraint game_sessions_game_type_check check (
    game_type in ('intent_quest', 'language_master', 'tone_detective', 'entity_hunter', 'profile_builder')
) not valid;

alter table play.game_sessions
add constraint game_sessions_difficulty_check check (difficulty in ('easy', 'medium', 'hard')) not valid;

alter table play.game_sessions
add constraint game_sessions_status_check
check (status in ('active', 'completed', 'abandoned')) not valid;

alter table play.game_sessions
add constraint game_sessions_completion_check check (
    score >= 0
    and completion_time_seconds >= 0
    and (status <> 'completed' or completed_at is not null)
) not valid;

comment on column play.game_sessions.status is 'Closed set: active, completed, abandoned.';
