-- description: the three critical flows of seed 000 exist, are enabled and marked system-critical
select
    required.id as flow_id,
    f.enabled,
    f.system_critical
from (values ('greeting_v1'), ('help_v1'), ('farewell_v1')) as required (id)
left join chat.flows as f on required.id = f.id
where f.id is null or not f.enabled or not f.system_critical
order by required.id
