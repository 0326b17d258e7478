-- transactional: false
--
-- Validates 0112's checks on learn.certificates and indexes the new
-- invalidated_by key, outside a transaction: VALIDATE takes only a SHARE
-- UPDATE EXCLUSIVE lock and the index is built CONCURRENTLY, so
-- certificates go on being issued meanwhile. Each statement can run again
-- after a crash (an interrupted index build is rebuilt by `gamedb migrate`).

alter table learn.certificates validate constraint certificates_status_check;
alter table learn.certificates validate constraint certificates_invalidated_by_fkey;

create index concurrently idx_certificates_invalidated_by on learn.certificates (invalidated_by);
