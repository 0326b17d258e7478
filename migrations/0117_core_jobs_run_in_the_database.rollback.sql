-- Undo 0117: the in-database job runner is dropped. Remove the pg_cron
-- jobs that call it first (`gamedb cron --pg-cron --uninstall`), or they
-- fail on their next run.

drop procedure core.run_job(text, text, interval, boolean, text);
