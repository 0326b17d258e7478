-- Undo 0034 (seed 003 rollback: CourseAsset). Loses the asset records (not
-- the stored objects themselves).

drop table learn.course_assets;
