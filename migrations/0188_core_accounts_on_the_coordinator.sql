-- transactional: false
--
-- core.accounts (a user's sign-in accounts at Google, Facebook, ...) stays
-- on the Citus coordinator instead of being distributed by user
-- (sql/distribution/citus.sql), so its user is checked by the trigger of
-- 0187 rather than by a foreign key.
--
-- Why: an account is looked up at sign-in by its provider's key
-- (provider, provider_account_id), before the user is known, and that key
-- must be unique across all users. Distributed by user, the lookup would
-- ask every shard and Citus could not hold the key (a distributed table's
-- unique keys must hold the user). On the coordinator, as the sign-in
-- tokens already are, the key and the lookup stay one index; the
-- per-user reads of accounts are few. Citus refuses a foreign key from a
-- coordinator table to a distributed one, so the user is checked by
-- core.refuse_unknown_users, exactly when the key checked it, and by the
-- invariant rows_name_users. The key said ON DELETE CASCADE: a user is
-- forgotten, never deleted (forgetting removes the accounts itself), so
-- that action never ran.
--
-- On a live database each statement is its own short transaction; the
-- trigger is created before the key is dropped, so one of the two always
-- holds. A rerun after a crash creates the same trigger and finds the key
-- gone.

-- Squawk warns of the dropped constraint: the trigger created just before
-- it holds its rule, as said above.
-- squawk-ignore-file ban-drop-constraint

create or replace trigger accounts_user_names_a_user
after insert or update of user_id on core.accounts
for each row execute function core.refuse_unknown_users('user_id');
alter table core.accounts drop constraint if exists accounts_user_id_fkey;
