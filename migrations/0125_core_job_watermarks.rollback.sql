-- Undo 0125: the watermarks go (every job run recomputes everything again).

delete from core.gamification_settings
where key = 'incremental_overlap_minutes';
delete from core.table_access
where table_name = 'core.job_watermarks';
drop table core.job_watermarks;
