-- Undo 0008: drops the question bank. Loses every question and its statistics.

drop table play.game_questions;
