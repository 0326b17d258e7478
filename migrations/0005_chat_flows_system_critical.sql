-- Seed 000, flows: add system_critical (seed 001: "ALTER table to add
-- system_critical BOOLEAN DEFAULT FALSE").
--
-- NOT NULL with a constant default: on PostgreSQL 11+ this is a catalog-only
-- change, no table rewrite, so it is safe on the live flows table. The rule
-- that a critical flow cannot be disabled or deleted comes in its own
-- migration; the three critical flows are marked by a seed migration.

alter table chat.flows add column system_critical boolean not null default false;

comment on column chat.flows.system_critical is
'A flow the assistant cannot work without (greeting, help, farewell): it cannot be disabled or deleted.';
