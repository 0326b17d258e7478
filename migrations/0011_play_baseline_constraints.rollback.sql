-- Undo 0011: drops the game_sessions baseline constraints. No data is lost.

comment on column play.game_sessions.status is null;
alter table play.game_sessions drop constraint game_sessions_completion_check;
alter table play.game_sessions drop constraint game_sessions_status_check;
alter table play.game_sessions drop constraint game_sessions_difficulty_check;
alter table play.game_sessions drop constraint game_sessions_game_type_check;
alter table play.game_sessions drop constraint game_sessions_user_id_fkey;
