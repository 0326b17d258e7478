-- description: every scheduled job that has run before succeeded within twice the longest interval of its schedule
select
    h.job,
    h.last_started_at,
    h.last_outcome,
    h.last_error,
    h.last_succeeded_at,
    h.max_interval
from core.job_health as h
where h.late
order by h.job
