-- learn.certificates.invalidated_by keeps naming the user (an
-- administrator) who invalidated a certificate, without a foreign key to
-- core.users.
--
-- Why: on Citus (sql/distribution/citus.sql) a certificate lives on its
-- learner's shard and the administrator's row on the administrator's.
-- Citus accepts a foreign key between two tables distributed by user only
-- when it pairs their user columns, and this one names a second user, so
-- it cannot. What the key held is held without it: the application cannot
-- write the column (core.table_access), learn.invalidate_certificate
-- refuses a user that does not exist when it records them, a user is
-- forgotten and never deleted, and the invariant
-- certificates_invalidated_by_a_user checks every row in `gamedb check`.
-- The index on the column stays: it finds what an administrator
-- invalidated.
--
-- Dropping the key removes its triggers from both tables: a catalogue
-- change under a short lock, taken in the order writers take them (the
-- user, then the certificate).

-- Squawk's warning on the dropped constraint is the point of this
-- migration: the guarantee moves to the function and the invariant above.
-- squawk-ignore-file ban-drop-constraint

lock table core.users in share row exclusive mode;
lock table learn.certificates in access exclusive mode;
alter table learn.certificates drop constraint certificates_invalidated_by_fkey;
