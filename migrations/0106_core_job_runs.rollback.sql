-- Undo 0106: the job history is dropped with its view (the history is lost).

delete from core.table_access
where table_name in ('core.job_runs', 'core.job_health');
drop view core.job_health;
drop table core.job_runs;
