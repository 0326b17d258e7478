-- Undo 0082: drops the view. No data is lost.

drop view play.user_game_totals;
