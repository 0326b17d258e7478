-- transactional: false
-- revises: 2651d7430e917547889a9b84e094ae0da78b8f96d175aa352f06d20f72e8828b
--
-- Undo 0113: the index goes (concurrently) and the checks go back to NOT
-- VALID, as 0112 left them (catalogue only; no row is read or changed).
-- Both steps can run again after a rollback interrupted part way (revised;
-- same result): the index is dropped if it exists, and the constraints are
-- dropped and added back whatever state the first run left.

drop index concurrently if exists learn.idx_certificates_invalidated_by;

alter table learn.certificates
drop constraint certificates_invalidated_by_fkey,
drop constraint certificates_status_check,
add constraint certificates_status_check check (
    status in ('issued', 'invalidated')
    and (status = 'invalidated') = (invalidated_at is not null)
    and (status = 'invalidated') = (invalidation_reason is not null and invalidated_by is not null)
) not valid,
add constraint certificates_invalidated_by_fkey foreign key (invalidated_by) references core.users (id) not valid;
