-- Seed 003's additions to the user table: lastActiveAt (TIMESTAMP) and
-- preferredLanguage (TEXT DEFAULT 'vi').
--
-- core.users already has both, from seed 001's audit: last_active_at
-- (timestamptz) and preferred_language (varchar(10) default 'en'). One
-- table serves both seeds, so nothing is added; this migration records the
-- decision where a DBA will read it (\d+ core.users):
--   * the default stays 'en'. Seed 001's product already has users whose
--     rows rely on it, and the default only applies when signup did not say
--     a language. A product-wide default should be the language every
--     module has content in (I18N documents fall back to en); a Vietnamese
--     deployment sets the language at signup. It is a schema default, not a
--     setting: a default that changes at run time would silently change
--     what "not given" means for rows written before and after.

comment on column core.users.preferred_language is
'Language code for messages, games and nudges. Default en for both seed 001 (en) and seed 003 (vi): '
'signup sets the real one; I18N text falls back to en.';
comment on column core.users.last_active_at is
'Last time the person did anything (seed 001; seed 003 lastActiveAt). Drives inactivity nudges.';
