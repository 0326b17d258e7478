-- Seed 004, phase 2: AchievementProgress gains its anti-gaming fields:
-- which users a contribution involved (unique_users), the time span it
-- covers (first_date, last_date, day_span) and how many contributions were
-- validated. The seed's String[] of user ids is bigint[] here (user keys are
-- bigint). Constant defaults: no rewrite; rules NOT VALID, validated by 0067.

alter table reward.achievement_progress
add column unique_users bigint[] not null default '{}',
add column first_date timestamptz,
add column last_date timestamptz,
add column day_span integer not null default 0,
add column validated_count integer not null default 0;

alter table reward.achievement_progress
add constraint achievement_progress_anti_gaming_check check (
    day_span >= 0 and validated_count >= 0 and (first_date is null or last_date >= first_date)
) not valid;

comment on column reward.achievement_progress.unique_users is 'Distinct users the progress came from (anti-gaming).';
comment on column reward.achievement_progress.day_span is 'Days between the first and last contribution.';
comment on column reward.achievement_progress.validated_count is 'Contributions that passed validation.';
