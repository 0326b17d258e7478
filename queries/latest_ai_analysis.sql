-- name: latest_ai_analysis
-- description: A learner's most recent AI analysis (of one type, if given)
-- mode: read
-- param: user_id int >= 1 | the learner
-- param: analysis_type text = null | only this type of analysis
select
    a.id,
    a.analysis_type,
    a.model_name,
    a.result ->> 'summary' as summary,
    a.result -> 'recommendations' as recommendations,
    a.created_at
from learn.ai_analyses as a
where
    a.user_id = {{ user_id }}::bigint
    {% if analysis_type %}
    and a.analysis_type = {{ analysis_type }}::text
    {% endif %}
order by a.created_at desc, a.id desc
limit 1
