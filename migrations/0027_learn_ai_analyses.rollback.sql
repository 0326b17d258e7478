-- Undo 0027 (seed 003 rollback: AIAnalysis). Loses every stored analysis.

drop table learn.ai_analyses;
drop function learn.check_ai_analysis_result(jsonb);
