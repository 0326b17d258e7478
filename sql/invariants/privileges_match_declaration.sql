-- description: the privileges of gamedb_app and gamedb_readonly are exactly those core.table_access declares, for every table
select
    d.table_name,
    d.role_name,
    d.privilege,
    d.column_name,
    d.declared,
    d.granted
from core.table_access_drift as d
order by d.table_name, d.role_name, d.privilege, d.column_name
