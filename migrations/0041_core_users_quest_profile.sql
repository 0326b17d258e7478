-- Seed 002, extended User model: mode (UserModeEnum), parent_name,
-- learning_profile (JSON).
--
-- On the live users table: mode has a constant default (catalog-only change,
-- no rewrite), the other two are nullable. mode is a closed set, a CHECK
-- rather than an enum (DESIGN.md), added NOT VALID and validated by 0050.

alter table core.users
add column mode text not null default 'EDUCATIONAL',
add column parent_name text,
add column learning_profile jsonb;

alter table core.users
add constraint users_mode_check check (mode in ('EDUCATIONAL', 'THERAPEUTIC')) not valid;

alter table core.users
add constraint users_learning_profile_check
check (core.check_jsonb_object(learning_profile, 'users.learning_profile')) not valid;

comment on column core.users.mode is 'Seed 002 UserModeEnum, closed set: EDUCATIONAL, THERAPEUTIC.';
comment on column core.users.parent_name is 'The parent''s name, for personalising quests.';
comment on column core.users.learning_profile is 'The child''s learning preferences and progress, a JSON object.';
