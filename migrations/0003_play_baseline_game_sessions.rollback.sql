-- Undo 0003: drops game_sessions and the play schema. Loses every game session.

drop table play.game_sessions;
drop schema play;
