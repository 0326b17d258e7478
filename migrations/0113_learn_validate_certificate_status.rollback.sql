-- transactional: false
--
-- Undo 0113: the index goes (concurrently) and the checks go back to NOT
-- VALID, as 0112 left them (catalogue only; no row is read or changed).

drop index concurrently learn.idx_certificates_invalidated_by;

alter table learn.certificates
drop constraint certificates_invalidated_by_fkey,
drop constraint certificates_status_check,
add constraint certificates_status_check check (
    status in ('issued', 'invalidated')
    and (status = 'invalidated') = (invalidated_at is not null)
    and (status = 'invalidated') = (invalidation_reason is not null and invalidated_by is not null)
) not valid,
add constraint certificates_invalidated_by_fkey foreign key (invalidated_by) references core.users (id) not valid;
