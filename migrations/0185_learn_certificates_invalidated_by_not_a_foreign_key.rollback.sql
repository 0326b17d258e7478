-- Undo 0185: the foreign key from learn.certificates.invalidated_by to
-- core.users comes back, checked over every certificate (a scan under a
-- lock that makes writers of both tables wait: a rollback is the rare
-- path). It fails, changing nothing, if a certificate names a user that no
-- longer exists (the invariant certificates_invalidated_by_a_user lists
-- them).

lock table core.users in share row exclusive mode;
lock table learn.certificates in access exclusive mode;
alter table learn.certificates add constraint certificates_invalidated_by_fkey
foreign key (invalidated_by) references core.users (id);
