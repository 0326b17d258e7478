-- Undo 0074: new users no longer get a trust score automatically. No data is lost.

drop trigger users_create_trust_score on core.users;
drop function trust.create_trust_score();
