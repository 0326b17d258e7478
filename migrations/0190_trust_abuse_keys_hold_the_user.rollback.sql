-- transactional: false
--
-- Undo 0190: the abuse flags' primary key goes back to (id), the
-- evidence's to (flag_id, source_table, source_id), and the evidence's
-- foreign key to (flag_id) -> the flag's id (ON DELETE CASCADE); the
-- evidence's user_id may be null again (0189's column stays, filled). The
-- old keys' indexes are built CONCURRENTLY, swapped in one short
-- transaction, the foreign key added NOT VALID and then validated without
-- blocking writes. No data changes. A rerun after a crash builds the
-- indexes again and swaps them in again: the same keys.

create unique index concurrently idx_abuse_flags_id on trust.abuse_flags (id);
create unique index concurrently idx_abuse_flag_evidence_flag_id_source
on trust.abuse_flag_evidence (flag_id, source_table, source_id);

-- squawk-ignore-file ban-drop-constraint
do $$
begin
    lock table trust.abuse_flags, trust.abuse_flag_evidence in access exclusive mode;
    alter table trust.abuse_flag_evidence drop constraint abuse_flag_evidence_flag_id_fkey;
    alter table trust.abuse_flags
    drop constraint abuse_flags_pkey,
    add constraint abuse_flags_pkey primary key using index idx_abuse_flags_id;
    alter table trust.abuse_flag_evidence
    drop constraint abuse_flag_evidence_pkey,
    add constraint abuse_flag_evidence_pkey primary key using index idx_abuse_flag_evidence_flag_id_source;
    alter table trust.abuse_flag_evidence add constraint abuse_flag_evidence_flag_id_fkey
    foreign key (flag_id) references trust.abuse_flags (id) on delete cascade not valid;
end;
$$;
alter table trust.abuse_flag_evidence validate constraint abuse_flag_evidence_flag_id_fkey;
alter table trust.abuse_flag_evidence alter column user_id drop not null;
