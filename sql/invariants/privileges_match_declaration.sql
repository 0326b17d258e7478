-- description: gamedb_app and gamedb_readonly hold exactly the privileges core.table_access declares
select
    d.table_name,
    d.role_name,
    d.privilege,
    d.column_name,
    d.declared,
    d.granted
from core.table_access_drift as d
order by d.table_name, d.role_name, d.privilege, d.column_name
