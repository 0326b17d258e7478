-- Baseline of the `quest` module: what seed 002 treats as existing.
--
-- The seed was written for an Alembic project that already had quests
-- (stored as YAML, with a public quest_id, a moderation status and the
-- inner_edu deployment columns) and child privacy settings. They are
-- created here as that project had them, with DESIGN.md's conventions:
-- integer keys as the seed itself decides (bigint identity), timestamptz.
-- quest_id stays the text bridge to other systems; inner_edu_quest_id keeps
-- the UUID the partner platform uses.

create schema quest;
comment on schema quest is
'Therapeutic and educational quests: builder sessions, psychologist reviews, marketplace, progress, recovery tracks.';

create table quest.quests (
    id bigint generated always as identity,
    quest_id text not null,
    user_id bigint not null,
    title text not null,
    quest_yaml text,
    moderation_status text not null default 'pending',
    deployed_to_inner_edu boolean not null default false,
    inner_edu_quest_id uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint quests_pkey primary key (id),
    constraint quests_quest_id_key unique (quest_id),
    constraint quests_inner_edu_quest_id_key unique (inner_edu_quest_id),
    constraint quests_user_id_fkey foreign key (user_id) references core.users (id),
    constraint quests_moderation_status_check
    check (moderation_status in ('pending', 'approved', 'rejected', 'flagged')),
    constraint quests_deployment_check check (not deployed_to_inner_edu or inner_edu_quest_id is not null)
);
comment on table quest.quests is 'A quest a parent created for a child (seed 002 baseline; extended by its change).';
comment on column quest.quests.quest_id is 'Public quest id: the bridge to inner_edu and the REST API.';
comment on column quest.quests.user_id is 'The parent who created the quest.';
comment on column quest.quests.quest_yaml is 'The quest as YAML; generated from graph_structure since seed 002.';
comment on column quest.quests.moderation_status is 'Closed set: pending, approved, rejected, flagged.';
comment on column quest.quests.deployed_to_inner_edu is 'Whether the quest was synced to the inner_edu platform.';
comment on column quest.quests.inner_edu_quest_id is 'The quest''s UUID on inner_edu, once deployed.';

create index idx_quests_user_id on quest.quests (user_id);

create trigger quests_touch_updated_at
before update on quest.quests
for each row execute function core.touch_updated_at();

create table quest.child_privacy_settings (
    id bigint generated always as identity,
    user_id bigint not null,
    child_display_name text,
    progress_sync_consent boolean not null default false,
    consent_updated_at timestamptz,
    created_at timestamptz not null default now(),
    constraint child_privacy_settings_pkey primary key (id),
    constraint child_privacy_settings_user_id_key unique (user_id),
    constraint child_privacy_settings_user_id_fkey foreign key (user_id) references core.users (id)
);
comment on table quest.child_privacy_settings is
'A child''s privacy choices, set by the parent account; progress is synced only with consent.';
comment on column quest.child_privacy_settings.progress_sync_consent is
'The parent consents to the child''s quest progress being stored and synced with inner_edu.';
