-- Undo 0055: drops the review decision function. No data is lost.

drop function quest.decide_review(bigint, boolean, boolean);
