-- Seed 003, BehaviorLog: add metadata jsonb default '{}'.
--
-- On the live behaviour log: a constant default makes this a catalog change
-- (no rewrite), so NOT NULL costs nothing and says what "nothing given"
-- means. That metadata is a JSON object is checked NOT VALID here (no scan)
-- and validated by 0036.

alter table learn.behavior_logs add column metadata jsonb not null default '{}';

alter table learn.behavior_logs
add constraint behavior_logs_metadata_check
check (core.check_jsonb_object(metadata, 'behavior_logs.metadata')) not valid;

comment on column learn.behavior_logs.metadata is 'Details of the action, a JSON object (seed 003).';
