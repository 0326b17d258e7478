-- Undo 0084: drops the view. No data is lost.

drop view community.user_votes;
