-- Undo 0189: the evidence loses its user column (the flag still names the
-- user), the reviewer's foreign key to core.users comes back (ON DELETE
-- SET NULL, as it was; checked over every flag under the locks below: a
-- rollback is the rare path), the application may name a flag's id again,
-- and the evidence of a reviewed flag is final on any update again.
--
-- Locks in the order writers take them: the user, the flag, its evidence.

lock table core.users in share row exclusive mode;
lock table trust.abuse_flags, trust.abuse_flag_evidence in access exclusive mode;

alter table trust.abuse_flags add constraint abuse_flags_reviewed_by_fkey
foreign key (reviewed_by) references core.users (id) on delete set null;
drop trigger abuse_flags_reviewer_names_a_user on trust.abuse_flags;

update core.table_access set database_columns = array_remove(database_columns, 'id')
where table_name = 'trust.abuse_flags';
call core.apply_table_access('trust.abuse_flags');

create or replace trigger abuse_flag_evidence_keep_reviews_final
before insert or update or delete on trust.abuse_flag_evidence
for each row execute function trust.keep_evidence_of_reviews_final();
drop trigger abuse_flag_evidence_fill_user on trust.abuse_flag_evidence;
drop function trust.fill_evidence_user();
alter table trust.abuse_flag_evidence drop column user_id;
