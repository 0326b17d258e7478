-- Undo 0025: puts back the comments 0001 wrote. No data is lost.

comment on column core.users.preferred_language is 'Language code for messages and games (seed 001 default: en).';
comment on column core.users.last_active_at is 'Last time the person did anything; drives nudges.';
