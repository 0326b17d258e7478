-- Validate the behaviour log metadata check added NOT VALID by 0035; the
-- scan takes a lock that lets reads and writes through.

alter table learn.behavior_logs validate constraint behavior_logs_metadata_check;
