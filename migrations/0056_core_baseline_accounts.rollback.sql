-- Undo 0056: drops the auth tables. Loses linked OAuth accounts and pending tokens.

drop table core.verification_tokens;
drop table core.accounts;
