-- name: save_ai_analysis
-- description: Store an AI analysis of a learner (the result is checked by the database)
-- mode: write
-- param: user_id int >= 1 | the learner
-- param: analysis_type text | what was analysed, e.g. learning_style
-- param: result json | {"summary": "...", "recommendations": [...], ...}
-- param: model_name text = null | the model that produced it
insert into learn.ai_analyses (user_id, analysis_type, model_name, result)
values ({{ user_id }}::bigint, {{ analysis_type }}::text, {{ model_name }}::text, {{ result }}::jsonb)
returning id, user_id, analysis_type, created_at
