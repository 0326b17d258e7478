-- Undo 0001: drops the people table and the core schema.
-- Loses every user row: only ever rolled back on an empty or throwaway database.

drop table core.users;
drop function core.touch_updated_at();
drop schema core;
