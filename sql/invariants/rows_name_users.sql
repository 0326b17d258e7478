-- description: every author, voter, creator, reviewer and logged user off the per-user tables names a user who exists
-- No foreign key holds these columns (on Citus they live on
-- reference or coordinator tables, the users on their shards); a trigger
-- refuses an unknown user when a row is written, and this checks every
-- row of every column such a trigger guards.
select
    n.table_name,
    n.column_name,
    n.user_id,
    n.row_count
from core.rows_naming_no_user() as n
order by n.table_name, n.column_name, n.user_id
