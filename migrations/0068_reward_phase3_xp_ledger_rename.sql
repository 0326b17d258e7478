-- Seed 004, phase 3 (breaking), step 1: points_ledger becomes xp_ledger,
-- with the XP breakdown columns of the seed's XPLedger model.
--
-- Written for a large live table:
--   * renaming the table, its sequence, key, foreign key and index is a
--     catalog change (a brief lock, no rewrite);
--   * the multipliers and flagged have constant defaults (no rewrite);
--   * base_xp, final_xp, reason and event_type are added nullable: NULL
--     means "not backfilled yet", which makes the backfill (0069) resumable;
--     they become NOT NULL once it is done (0070-0072);
--   * the concept foreign key is added NOT VALID.
-- points and description are kept for now (expand, then contract): writers
-- still using them keep working; they are dropped once none does. points
-- becomes nullable, so new writers need not fill it.
-- final_xp = round(base_xp * mastery_mult * trust_mult * fact_check_mult *
-- time_decay), the one formula (checked from 0070 on).

-- The rename is the seed's announced breaking change: writers move to
-- xp_ledger in the release that runs this migration.
-- squawk-ignore-file renaming-table, renaming-object, ban-drop-not-null
alter table reward.points_ledger rename to xp_ledger;
alter sequence reward.points_ledger_id_seq rename to xp_ledger_id_seq;
alter table reward.xp_ledger rename constraint points_ledger_pkey to xp_ledger_pkey;
alter table reward.xp_ledger rename constraint points_ledger_user_id_fkey to xp_ledger_user_id_fkey;
alter index reward.idx_points_ledger_user_id_created_at rename to idx_xp_ledger_user_id_created_at;

alter table reward.xp_ledger
add column event_type text,
add column concept_id bigint,
add column base_xp integer,
add column mastery_mult numeric(6, 4) not null default 1.0,
add column trust_mult numeric(6, 4) not null default 1.0,
add column fact_check_mult numeric(6, 4) not null default 1.0,
add column time_decay numeric(6, 4) not null default 1.0,
add column final_xp integer,
add column reason text,
add column metadata jsonb,
add column flagged boolean not null default false;

alter table reward.xp_ledger alter column points drop not null;

alter table reward.xp_ledger
add constraint xp_ledger_concept_id_fkey
foreign key (concept_id) references learn.concepts (id) on delete set null not valid;

comment on table reward.xp_ledger is
'Every XP award with its breakdown (seed 004 XPLedger, formerly PointsLedger). Append-only.';
comment on column reward.xp_ledger.points is 'Legacy: the points of PointsLedger; base_xp and final_xp replace it.';
comment on column reward.xp_ledger.description is 'Legacy: PointsLedger''s description; reason replaces it.';
comment on column reward.xp_ledger.event_type is
'Seed XPEvent, e.g. ANSWER_ACCEPTED; LEGACY_POINTS for backfilled rows.';
comment on column reward.xp_ledger.base_xp is 'XP before multipliers.';
comment on column reward.xp_ledger.final_xp is
'round(base_xp * mastery_mult * trust_mult * fact_check_mult * time_decay).';
comment on column reward.xp_ledger.flagged is 'Held for review by anti-abuse.';
