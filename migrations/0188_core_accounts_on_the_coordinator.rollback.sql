-- Undo 0188: the foreign key from core.accounts.user_id to core.users
-- comes back (ON DELETE CASCADE, as it was), checked over every account
-- under a lock that makes the writers of both tables wait (a rollback is
-- the rare path), and the trigger that held its rule goes. It fails,
-- changing nothing, if an account names a user who no longer exists (the
-- invariant rows_name_users lists them).

lock table core.users in share row exclusive mode;
lock table core.accounts in access exclusive mode;
alter table core.accounts add constraint accounts_user_id_fkey
foreign key (user_id) references core.users (id) on delete cascade;
drop trigger accounts_user_names_a_user on core.accounts;
