-- The reward module (seeds 003 and 004): the XP and reputation ledgers with
-- their daily caps, levels, achievements and their progress and unlocks,
-- badges and the award rules that grant them, streaks, challenges,
-- leaderboard snapshots, XP period totals and nudges.
--
-- Why the rules live here:
-- - Ledgers are append-only (triggers refuse UPDATE, DELETE and TRUNCATE):
--   a mistake is taken back by a correction row that names the row it
--   corrects, once. Users' totals are the ledgers' sums.
-- - Daily caps (daily_xp_cap, daily_reputation_cap) are applied on entry,
--   under a per-user lock, and what is over the cap is kept as withheld.
-- - Award rules are code reviewed like a migration: the application reads
--   them; every version is kept, and each award names the rule version that
--   granted it.
-- - Ledgers and daily logs are partitioned by month and kept (no retention).

-- Tables

create table reward.achievements (
    id bigint generated always as identity,
    key text not null,
    name text not null,
    description jsonb not null,
    category text default 'general' not null,
    points integer default 0 not null,
    created_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null,
    progress_target integer,
    min_unique_users integer,
    min_day_span integer,
    constraint achievements_pkey primary key (id),
    constraint achievements_key_key unique (key),
    constraint achievements_description_check check (core.check_i18n_text(description, 'achievements.description')),
    constraint achievements_points_check check (points >= 0),
    constraint achievements_requirements_check check (
        progress_target > 0 and min_unique_users > 0 and min_day_span > 0
    )
);
comment on constraint achievements_requirements_check on reward.achievements is
'Requirements, where given, are positive.';
comment on table reward.achievements is
'Achievement definitions for the whole product (seed 003 Achievement; extended by the community '
'module).';
comment on column reward.achievements.key is 'Stable key code refers to, e.g. first_certificate.';
comment on column reward.achievements.description is 'I18N text: {"en": "...", "vi": "..."}.';
comment on column reward.achievements.points is 'Points the achievement is worth when unlocked.';
comment on column reward.achievements.progress_target is
'Amount of progress that unlocks the achievement (reward.record_achievement_progress); null: not '
'progress-based.';
comment on column reward.achievements.min_unique_users is
'Distinct other users the progress must come from before it unlocks (anti-gaming); null: no minimum.';
comment on column reward.achievements.min_day_span is
'Calendar days between first and last contribution before it unlocks (anti-gaming); null: no minimum.';

create table reward.achievement_progress (
    id bigint generated always as identity,
    user_id bigint not null,
    achievement_id bigint not null,
    current integer default 0 not null,
    target integer not null,
    last_updated timestamp with time zone default now() not null,
    unique_users bigint[] default '{}'::bigint[] not null,
    first_date timestamp with time zone,
    last_date timestamp with time zone,
    day_span integer default 0 not null,
    validated_count integer default 0 not null,
    constraint achievement_progress_pkey primary key (id, user_id),
    constraint achievement_progress_user_id_achievement_id_key unique (user_id, achievement_id),
    constraint achievement_progress_anti_gaming_check check (
        day_span >= 0 and validated_count >= 0 and (first_date is null or last_date >= first_date)
    ),
    constraint achievement_progress_counts_check check (current >= 0 and target > 0),
    constraint achievement_progress_achievement_id_fkey foreign key (achievement_id)
    references reward.achievements (id) on delete cascade,
    constraint achievement_progress_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
);
comment on table reward.achievement_progress is
'How far a user is towards an achievement (seed 004 AchievementProgress).';
comment on column reward.achievement_progress.unique_users is 'Distinct users the progress came from (anti-gaming).';
comment on column reward.achievement_progress.day_span is 'Days between the first and last contribution.';
comment on column reward.achievement_progress.validated_count is 'Contributions that passed validation.';
create index idx_achievement_progress_achievement_id on reward.achievement_progress (achievement_id);

create table reward.badges (
    id bigint generated always as identity,
    key text not null,
    name text not null,
    description text,
    constraint badges_pkey primary key (id),
    constraint badges_key_key unique (key)
);
comment on table reward.badges is 'Badge definitions (seed 004 Badge).';

create table reward.award_rules (
    id bigint generated always as identity,
    key text not null,
    badge_id bigint,
    achievement_id bigint,
    query text not null,
    revocable boolean default false not null,
    enabled boolean default true not null,
    version integer default 1 not null,
    description text,
    updated_at timestamp with time zone default now() not null,
    triggered_by text[],
    constraint award_rules_pkey primary key (id),
    constraint award_rules_key_key unique (key),
    constraint award_rules_one_award_check check (num_nonnulls(badge_id, achievement_id) = 1),
    constraint award_rules_version_check check (version >= 1),
    constraint award_rules_achievement_id_fkey foreign key (achievement_id)
    references reward.achievements (id) on delete cascade,
    constraint award_rules_badge_id_fkey foreign key (badge_id) references reward.badges (id) on delete cascade
);
comment on table reward.award_rules is 'Which users hold an achievement or a badge, as a SQL query (Discourse-style).';
comment on column reward.award_rules.query is
'A SELECT returning a user_id column: everyone who should hold the award now.';
comment on column reward.award_rules.revocable is 'Whether users the query no longer returns lose the award.';
comment on column reward.award_rules.version is 'Raised by one on every change of query or revocable.';
comment on column reward.award_rules.triggered_by is
'Event types (core.event_logs) after which a user''s result may change: incremental runs evaluate the '
'rule for their users only. NULL: for everyone on every run.';
create index idx_award_rules_achievement_id on reward.award_rules (achievement_id);
create index idx_award_rules_badge_id on reward.award_rules (badge_id);

create table reward.award_rule_versions (
    rule_id bigint not null,
    version integer not null,
    query text not null,
    revocable boolean not null,
    created_at timestamp with time zone default now() not null,
    constraint award_rule_versions_pkey primary key (rule_id, version),
    constraint award_rule_versions_rule_id_fkey foreign key (rule_id)
    references reward.award_rules (id) on delete cascade
);
comment on table reward.award_rule_versions is 'Every version of every award rule, as it was.';

create table reward.award_runs (
    id bigint generated always as identity,
    started_at timestamp with time zone default now() not null,
    rule_keys text[],
    granted integer default 0 not null,
    revoked integer default 0 not null,
    constraint award_runs_pkey primary key (id)
);
comment on table reward.award_runs is 'One run of the award rules and what it changed.';
comment on column reward.award_runs.rule_keys is 'The rules the run was limited to; NULL for all enabled rules.';

create table reward.award_changes (
    id bigint generated always as identity,
    run_id bigint not null,
    rule_id bigint not null,
    rule_version integer not null,
    user_id bigint not null,
    change text not null,
    created_at timestamp with time zone default now() not null,
    constraint award_changes_pkey primary key (id, user_id, created_at),
    constraint award_changes_change_check check (change in ('grant', 'revoke')),
    constraint award_changes_rule_version_fkey foreign key (rule_id, rule_version)
    references reward.award_rule_versions (rule_id, version),
    constraint award_changes_run_id_fkey foreign key (run_id) references reward.award_runs (id),
    constraint award_changes_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
) partition by range (created_at);
comment on table reward.award_changes is
'Every award a run granted or revoked, with the rule version that decided it. Partitioned by month of '
'created_at.';
create index idx_award_changes_rule_version on reward.award_changes (rule_id, rule_version);
create index idx_award_changes_run_id on reward.award_changes (run_id);
create index idx_award_changes_user_id on reward.award_changes (user_id);

create table reward.badge_grants (
    id bigint generated always as identity,
    badge_id bigint not null,
    user_id bigint not null,
    granted_at timestamp with time zone default now() not null,
    run_id bigint,
    rule_id bigint,
    rule_version integer,
    constraint badge_grants_pkey primary key (id, user_id),
    constraint badge_grants_badge_id_user_id_key unique (badge_id, user_id),
    constraint badge_grants_badge_id_fkey foreign key (badge_id) references reward.badges (id),
    constraint badge_grants_rule_version_fkey foreign key (rule_id, rule_version)
    references reward.award_rule_versions (rule_id, version),
    constraint badge_grants_run_id_fkey foreign key (run_id) references reward.award_runs (id),
    constraint badge_grants_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
);
comment on table reward.badge_grants is 'A badge granted to a user, once (seed 004 BadgeGrant).';
comment on column reward.badge_grants.run_id is 'The award run that granted it; NULL when granted otherwise.';
comment on column reward.badge_grants.rule_version is 'The version of the rule (rule_id) that granted it.';
create index idx_badge_grants_rule_version on reward.badge_grants (rule_id, rule_version);
create index idx_badge_grants_run_id on reward.badge_grants (run_id);
create index idx_badge_grants_user_id on reward.badge_grants (user_id);

create table reward.challenges (
    id bigint generated always as identity,
    title text not null,
    description jsonb not null,
    target_amount integer not null,
    start_date timestamp with time zone not null,
    end_date timestamp with time zone not null,
    created_by_id bigint not null,
    created_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null,
    constraint challenges_pkey primary key (id),
    constraint challenges_dates_check check (end_date > start_date),
    constraint challenges_description_check check (core.check_i18n_text(description, 'challenges.description')),
    constraint challenges_target_amount_check check (target_amount > 0)
);
comment on table reward.challenges is
'A challenge many users join, to reach target_amount between two dates (seed 003, I007).';
comment on column reward.challenges.description is 'I18N text: {"en": "...", "vi": "..."}.';
comment on column reward.challenges.target_amount is 'Progress a participant needs to complete the challenge.';
create index idx_challenges_created_by_id on reward.challenges (created_by_id);

create table reward.challenge_participants (
    id bigint generated always as identity,
    challenge_id bigint not null,
    user_id bigint not null,
    progress integer default 0 not null,
    joined_at timestamp with time zone default now() not null,
    completed_at timestamp with time zone,
    constraint challenge_participants_pkey primary key (id, user_id),
    constraint challenge_participants_challenge_id_user_id_key unique (challenge_id, user_id),
    constraint challenge_participants_progress_check check (progress >= 0),
    constraint challenge_participants_challenge_id_fkey foreign key (challenge_id) references reward.challenges (id),
    constraint challenge_participants_user_id_fkey foreign key (user_id) references core.users (id)
);
comment on table reward.challenge_participants is 'A user taking part in a challenge, once per challenge.';
comment on column reward.challenge_participants.progress is 'Amount reached so far; never negative.';
comment on column reward.challenge_participants.completed_at is 'When progress first reached the target.';
create index idx_challenge_participants_leaderboard on reward.challenge_participants (
    challenge_id, progress desc, joined_at
);
create index idx_challenge_participants_user_id on reward.challenge_participants (user_id);

create table reward.daily_earnings (
    user_id bigint not null,
    earned_on date not null,
    xp integer default 0 not null,
    reputation integer default 0 not null,
    constraint daily_earnings_pkey primary key (user_id, earned_on),
    constraint daily_earnings_amounts_check check (xp >= 0 and reputation >= 0),
    constraint daily_earnings_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
);
comment on table reward.daily_earnings is
'What each user earned per UTC day, counted against the daily caps. Written only by the ledger '
'triggers.';
comment on column reward.daily_earnings.xp is 'XP counted towards daily_xp_cap on that day.';
comment on column reward.daily_earnings.reputation is 'Reputation counted towards daily_reputation_cap on that day.';

create table reward.leaderboard_snapshots (
    id bigint generated always as identity,
    period_type text not null,
    period_start date not null,
    user_id bigint not null,
    rank integer not null,
    score integer not null,
    created_at timestamp with time zone default now() not null,
    previous_rank integer,
    constraint leaderboard_snapshots_pkey primary key (id, user_id),
    constraint leaderboard_snapshots_period_user_key unique (period_type, period_start, user_id),
    constraint leaderboard_snapshots_period_type_check check (period_type in ('day', 'week', 'month')),
    constraint leaderboard_snapshots_rank_check check (rank >= 1),
    constraint leaderboard_snapshots_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
);
comment on table reward.leaderboard_snapshots is
'A user''s place in a day, week or month leaderboard, as cached (seed 004 LeaderboardSnapshot).';
comment on column reward.leaderboard_snapshots.period_type is 'Closed set: day, week, month.';
comment on column reward.leaderboard_snapshots.score is 'XP earned in the period (sum of xp_ledger.final_xp).';
comment on column reward.leaderboard_snapshots.previous_rank is
'The user''s rank in the previous period of the same type; NULL if unranked then.';
create index idx_leaderboard_snapshots_user_id on reward.leaderboard_snapshots (user_id);

create table reward.levels (
    level integer not null,
    name text not null,
    min_xp integer not null,
    constraint levels_pkey primary key (level),
    constraint levels_min_xp_key unique (min_xp),
    constraint levels_level_check check (level >= 1 and min_xp >= 0)
);
comment on table reward.levels is 'Level definitions: reaching min_xp gives the level (seed 004 Level).';

create table reward.nudge_history (
    id bigint generated always as identity,
    user_id bigint not null,
    nudge_type text not null,
    channel text default 'push' not null,
    language character varying(10) not null,
    message jsonb not null,
    metadata jsonb default '{}'::jsonb not null,
    sent_at timestamp with time zone default now() not null,
    sent_on date default current_date not null,
    opened_at timestamp with time zone,
    constraint nudge_history_pkey primary key (id, user_id, sent_on),
    constraint nudge_history_user_id_nudge_type_sent_on_key unique (user_id, nudge_type, sent_on),
    constraint nudge_history_channel_check check (channel in ('push', 'email', 'chat')),
    constraint nudge_history_message_check check (core.check_i18n_text(message, 'nudge_history.message')),
    constraint nudge_history_metadata_check check (core.check_jsonb_object(metadata, 'nudge_history.metadata')),
    constraint nudge_history_nudge_type_check check (
        nudge_type in ('inactivity', 'course_reminder', 'challenge_reminder')
    ),
    constraint nudge_history_opened_check check (opened_at >= sent_at),
    constraint nudge_history_user_id_fkey foreign key (user_id) references core.users (id)
) partition by range (sent_on);
comment on table reward.nudge_history is
'Every nudge sent to a user (seed 003, I010); one of a kind per user per day. Partitioned by month of '
'sent_on.';
comment on column reward.nudge_history.nudge_type is 'Closed set: inactivity, course_reminder, challenge_reminder.';
comment on column reward.nudge_history.language is
'The language the message was written in: the user''s preferred one.';
comment on column reward.nudge_history.message is 'I18N text of the message sent: {"<language>": "..."}.';
comment on column reward.nudge_history.metadata is 'Why the nudge was sent, e.g. {"inactive_days": 5}.';
comment on column reward.nudge_history.sent_on is
'The day it was sent (database time zone); one nudge of a kind a day.';
comment on column reward.nudge_history.opened_at is
'When the user opened it (the "reward" step is measured from here).';
create index idx_nudge_history_user_id_sent_at on reward.nudge_history (user_id, sent_at);

create table reward.reputation_ledger (
    id bigint generated always as identity,
    user_id bigint not null,
    event_type text not null,
    change integer not null,
    reason text not null,
    source_id text,
    voter_trust numeric(5, 4),
    created_at timestamp with time zone default now() not null,
    corrects_id bigint,
    cap_trimmed integer default 0 not null,
    corrects_created_at timestamp with time zone,
    constraint reputation_ledger_pkey primary key (id, user_id, created_at),
    constraint reputation_ledger_cap_trimmed_check check (cap_trimmed >= 0),
    constraint reputation_ledger_corrects_created_at_check check (
        ((corrects_id is null) = (corrects_created_at is null))
    ),
    constraint reputation_ledger_voter_trust_check check (voter_trust between 0 and 1),
    constraint reputation_ledger_corrects_id_fkey foreign key (corrects_id, user_id, corrects_created_at)
    references reward.reputation_ledger (id, user_id, created_at),
    constraint reputation_ledger_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
) partition by range (created_at);
comment on table reward.reputation_ledger is
'Every reputation change, positive or negative (seed 004 ReputationLedger). Partitioned by month of '
'created_at.';
comment on column reward.reputation_ledger.event_type is 'Seed ReputationEvent, e.g. ANSWER_UPVOTED.';
comment on column reward.reputation_ledger.change is 'Reputation gained (positive) or lost (negative).';
comment on column reward.reputation_ledger.source_id is 'The vote or answer that caused the change.';
comment on column reward.reputation_ledger.corrects_id is
'The row this one compensates (its change negated); a row is corrected at most once.';
comment on column reward.reputation_ledger.cap_trimmed is
'Reputation the daily cap withheld from this change; change is what was intended minus this.';
comment on column reward.reputation_ledger.corrects_created_at is
'created_at of the row this one compensates (the foreign key holds it); set by the database.';
create index idx_reputation_ledger_corrects_id_user_id_corrects_created_at on reward.reputation_ledger (
    corrects_id, user_id, corrects_created_at
);
create index idx_reputation_ledger_event_type on reward.reputation_ledger (event_type);
create index idx_reputation_ledger_source_id on reward.reputation_ledger (source_id);
create index idx_reputation_ledger_user_id_created_at on reward.reputation_ledger (user_id, created_at);

create table reward.streak_events (
    id bigint generated always as identity,
    user_id bigint not null,
    kind text not null,
    on_date date not null,
    length_before integer not null,
    length_after integer not null,
    freezes_after integer not null,
    created_at timestamp with time zone default now() not null,
    constraint streak_events_pkey primary key (id, user_id, on_date),
    constraint streak_events_once_key unique (user_id, kind, on_date),
    constraint streak_events_kind_check check (kind in ('freeze_spent', 'freeze_earned', 'break')),
    constraint streak_events_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
) partition by range (on_date);
comment on table reward.streak_events is
'Each streak freeze spent or earned and each break, with the streak around it. Partitioned by month '
'of on_date.';
comment on column reward.streak_events.on_date is
'The day frozen, the day the freeze was earned, or the first missed day.';

create table reward.streaks (
    user_id bigint not null,
    current_length integer default 0 not null,
    longest_length integer default 0 not null,
    last_active_on date,
    freezes_available integer default 0 not null,
    updated_at timestamp with time zone default now() not null,
    settled_on date,
    constraint streaks_pkey primary key (user_id),
    constraint streaks_lengths_check check (
        current_length >= 0 and longest_length >= current_length and freezes_available >= 0
    ),
    constraint streaks_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
);
comment on table reward.streaks is 'A user''s daily activity streak (seed 004 Streak).';
comment on column reward.streaks.freezes_available is 'Missed days the streak can survive.';
comment on column reward.streaks.settled_on is
'Last day the streak is accounted for, by activity or by a freeze; NULL means last_active_on.';

create table reward.user_achievements (
    id bigint generated always as identity,
    user_id bigint not null,
    achievement_key text not null,
    unlocked_at timestamp with time zone default now() not null,
    achievement_id bigint,
    run_id bigint,
    rule_id bigint,
    rule_version integer,
    constraint user_achievements_pkey primary key (id, user_id),
    constraint user_achievements_user_id_achievement_key_key unique (user_id, achievement_key),
    constraint user_achievements_achievement_id_fkey foreign key (achievement_id) references reward.achievements (id),
    constraint user_achievements_rule_version_fkey foreign key (rule_id, rule_version)
    references reward.award_rule_versions (rule_id, version),
    constraint user_achievements_run_id_fkey foreign key (run_id) references reward.award_runs (id),
    constraint user_achievements_user_id_fkey foreign key (user_id) references core.users (id)
);
comment on table reward.user_achievements is 'An achievement unlocked by a user, once per achievement.';
comment on column reward.user_achievements.achievement_key is 'The achievement''s stable key, e.g. first_course.';
comment on column reward.user_achievements.achievement_id is
'The unlocked achievement (seed 003 achievementId); NULL only for unlocks older than the achievements '
'table.';
comment on column reward.user_achievements.run_id is 'The award run that unlocked it; NULL when unlocked otherwise.';
comment on column reward.user_achievements.rule_version is 'The version of the rule (rule_id) that unlocked it.';
create index idx_user_achievements_achievement_id on reward.user_achievements (achievement_id);
create index idx_user_achievements_rule_version on reward.user_achievements (rule_id, rule_version);
create index idx_user_achievements_run_id on reward.user_achievements (run_id);

create table reward.user_stats (
    user_id bigint not null,
    doubts_asked integer default 0 not null,
    answers_given integer default 0 not null,
    answers_accepted integer default 0 not null,
    updated_at timestamp with time zone default now() not null,
    constraint user_stats_pkey primary key (user_id),
    constraint user_stats_counts_check check (doubts_asked >= 0 and answers_given >= 0 and answers_accepted >= 0),
    constraint user_stats_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
);
comment on table reward.user_stats is 'Basic activity counters per user (seed 004 UserStat).';

create table reward.xp_ledger (
    id bigint generated always as identity,
    user_id bigint not null,
    created_at timestamp with time zone default now() not null,
    event_type text not null,
    concept_id bigint,
    base_xp integer not null,
    mastery_mult numeric(6, 4) default 1.0 not null,
    trust_mult numeric(6, 4) default 1.0 not null,
    fact_check_mult numeric(6, 4) default 1.0 not null,
    time_decay numeric(6, 4) default 1.0 not null,
    final_xp integer not null,
    reason text not null,
    metadata jsonb,
    flagged boolean default false not null,
    corrects_id bigint,
    cap_trimmed integer default 0 not null,
    corrects_created_at timestamp with time zone,
    constraint xp_ledger_pkey primary key (id, user_id, created_at),
    constraint xp_ledger_corrects_created_at_check check (((corrects_id is null) = (corrects_created_at is null))),
    constraint xp_ledger_final_xp_check check (
        final_xp = round(base_xp * mastery_mult * trust_mult * fact_check_mult * time_decay) - cap_trimmed
        and mastery_mult >= 0 and trust_mult >= 0 and fact_check_mult >= 0 and time_decay between 0 and 1
        and cap_trimmed >= 0
    ),
    constraint xp_ledger_concept_id_fkey foreign key (concept_id) references learn.concepts (id) on delete set null,
    constraint xp_ledger_corrects_id_fkey foreign key (corrects_id, user_id, corrects_created_at)
    references reward.xp_ledger (id, user_id, created_at),
    constraint xp_ledger_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
) partition by range (created_at);
comment on table reward.xp_ledger is
'Every XP award with its breakdown (seed 004 XPLedger, formerly PointsLedger). Append-only. '
'Partitioned by month of created_at.';
comment on column reward.xp_ledger.event_type is
'Seed XPEvent, e.g. ANSWER_ACCEPTED; LEGACY_POINTS for rows imported from a points ledger.';
comment on column reward.xp_ledger.base_xp is 'XP before multipliers.';
comment on column reward.xp_ledger.final_xp is
'round(base_xp * mastery_mult * trust_mult * fact_check_mult * time_decay) - cap_trimmed.';
comment on column reward.xp_ledger.flagged is 'Held for review by anti-abuse.';
comment on column reward.xp_ledger.corrects_id is
'The row this one compensates (its final_xp negated); a row is corrected at most once.';
comment on column reward.xp_ledger.cap_trimmed is
'XP the daily cap withheld from this award; final_xp is the formula minus this.';
comment on column reward.xp_ledger.corrects_created_at is
'created_at of the row this one compensates (the foreign key holds it); set by the database.';
create index idx_xp_ledger_concept_id on reward.xp_ledger (concept_id);
create index idx_xp_ledger_corrects_id_user_id_corrects_created_at on reward.xp_ledger (
    corrects_id, user_id, corrects_created_at
);
create index idx_xp_ledger_created_at on reward.xp_ledger (created_at) include (user_id, final_xp);
create index idx_xp_ledger_event_type on reward.xp_ledger (event_type);
create index idx_xp_ledger_flagged on reward.xp_ledger (created_at) where flagged;
create index idx_xp_ledger_user_id_created_at on reward.xp_ledger (user_id, created_at);

create table reward.xp_period_totals (
    period text not null,
    period_start date not null,
    user_id bigint not null,
    xp bigint not null,
    constraint xp_period_totals_pkey primary key (period, period_start, user_id),
    constraint xp_period_totals_period_check check (period in ('day', 'week', 'month')),
    constraint xp_period_totals_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
);
comment on table reward.xp_period_totals is
'Each user''s XP per day, week and month, kept by a trigger on reward.xp_ledger (period '
'leaderboards).';
comment on column reward.xp_period_totals.period is 'day, week or month.';
comment on column reward.xp_period_totals.period_start is 'date_trunc(period, created_at) of the awards summed.';
comment on column reward.xp_period_totals.xp is 'Sum of final_xp of the user''s ledger rows in that period.';
create index idx_xp_period_totals_ranking on reward.xp_period_totals (period, period_start, xp desc, user_id);
create index idx_xp_period_totals_user_id on reward.xp_period_totals (user_id);

-- Functions and procedures

create function reward.accept_award()
returns trigger
language plpgsql
as $$
declare
    -- Trigger argument: the ledger's amount column (final_xp or change).
    amount integer := (to_jsonb(new) ->> tg_argv[0])::integer;
    vote_table text;
    vote_id bigint;
begin
    if core.caller_is_owner() then
        return new;
    end if;
    new.created_at := now();
    if amount >= 0 or new.corrects_id is not null then
        return new;
    end if;
    if core.written_table_name(tg_relid) = 'reward.xp_ledger' then
        raise exception 'an XP award below zero must correct an earlier row (corrects_id)'
            using errcode = 'check_violation';
    end if;
    -- Reputation: a downvote's cost, named by the vote as cast_vote writes it.
    vote_table := split_part(new.source_id, ':', 1);
    vote_id := nullif(substring(new.source_id from '^community\.(?:answer|doubt)_votes:([0-9]{1,18})$'), '')::bigint;
    if vote_id is null
        or new.change <> core.setting_numeric('reputation_downvote')
        or not exists (
            select 1
            from community.answer_votes as v
            inner join community.answers as a on v.answer_id = a.id
            where vote_table = 'community.answer_votes' and v.id = vote_id and v.value = -1
                and a.author_id = new.user_id
            union all
            select 1
            from community.doubt_votes as v
            inner join community.doubts as d on v.doubt_id = d.id
            where vote_table = 'community.doubt_votes' and v.id = vote_id and v.value = -1
                and d.author_id = new.user_id
        )
        or exists (
            select 1 from reward.reputation_ledger as r
            where r.source_id = new.source_id and r.corrects_id is null
        ) then
        raise exception 'reputation below zero must correct an earlier row (corrects_id) or be the cost of '
            'one downvote on the user''s content (source_id community.<answer|doubt>_votes:<id>, '
            'change = reputation_downvote)'
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;
comment on function reward.accept_award() is
'BEFORE INSERT on a ledger (arg: its amount column): for callers other than the owner, stamps '
'created_at and refuses amounts below zero that are neither a correction nor a real downvote''s cost.';

create function reward.add_to_xp_periods()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
begin
    insert into reward.xp_period_totals as t (period, period_start, user_id, xp)
    select p.period, date_trunc(p.period, new.created_at)::date, new.user_id, new.final_xp
    from unnest(array['day', 'week', 'month']) as p (period)
    on conflict (period, period_start, user_id) do update set xp = t.xp + excluded.xp;
    return null;
end;
$$;
comment on function reward.add_to_xp_periods() is
'AFTER INSERT on reward.xp_ledger: adds the row''s final_xp to its user''s day, week and month.';

create function reward.apply_daily_cap()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
declare
    -- Trigger arguments: the ledger's amount column, the daily_earnings
    -- column it counts into, the setting that holds the cap.
    amount_column constant text := tg_argv[0];
    earnings_column constant text := tg_argv[1];
    cap_setting constant text := tg_argv[2];
    wanted integer := (to_jsonb(new) ->> amount_column)::integer;
    earned_on_day date := (new.created_at at time zone 'UTC')::date;
    already_earned integer;
    allowed integer;
begin
    if new.cap_trimmed <> 0 then
        raise exception '%.cap_trimmed is set by the daily cap, not by the writer', core.written_table_name(tg_relid)
            using errcode = 'check_violation';
    end if;
    -- Reputation for an accepted answer is not capped (Stack Exchange's rule);
    -- only the database writes those rows (trigger *_accept_owner_events).
    if wanted <= 0 or new.corrects_id is not null
        or (
            new.event_type in ('ANSWER_ACCEPTED', 'ACCEPT_GIVEN')
            and core.written_table_name(tg_relid) = 'reward.reputation_ledger'
        ) then
        return new;
    end if;
    insert into reward.daily_earnings (user_id, earned_on) values (new.user_id, earned_on_day)
    on conflict (user_id, earned_on) do nothing;
    -- The row lock is what makes concurrent awards safe: the second waits
    -- here and reads the total the first committed.
    execute format('select %I from reward.daily_earnings where user_id = $1 and earned_on = $2 for update',
        earnings_column)
    into already_earned using new.user_id, earned_on_day;
    allowed := greatest(0, least(wanted, core.setting_numeric(cap_setting)::integer - already_earned));
    execute format('update reward.daily_earnings set %I = %I + $1 where user_id = $2 and earned_on = $3',
        earnings_column, earnings_column)
    using allowed, new.user_id, earned_on_day;
    return jsonb_populate_record(new, jsonb_build_object(
        amount_column, allowed,
        'cap_trimmed', wanted - allowed
    ));
end;
$$;
comment on function reward.apply_daily_cap() is
'BEFORE INSERT on a ledger: counts a positive amount (arg 1) into reward.daily_earnings (arg 2) and '
'withholds what exceeds the daily cap setting (arg 3), recording it in cap_trimmed.';

create function reward.check_award_rule()
returns trigger
language plpgsql
as $$
begin
    -- Plan the query once, returning nothing: a syntax error, a missing
    -- user_id column or a second statement is refused here, not at the
    -- next run.
    begin
        execute format('select rule_result.user_id::bigint from (%s) as rule_result where false', new.query);
    exception
        when others then
            raise exception 'award rule %: its query must be one SELECT returning user_id: %', new.key, sqlerrm
                using errcode = 'check_violation';
    end;
    if tg_op = 'INSERT' then
        new.version := 1;
    elsif (new.query, new.revocable) is distinct from (old.query, old.revocable) then
        new.version := old.version + 1;
    else
        new.version := old.version;
    end if;
    new.updated_at := now();
    return new;
end;
$$;
comment on function reward.check_award_rule() is
'BEFORE INSERT/UPDATE on reward.award_rules: refuses a query that cannot run, numbers the version.';

create function reward.evaluate_award_rules(
    rule_keys text[] default null::text[], since timestamp with time zone default null::timestamp with time zone
)
returns table (rule_key text, rule_version integer, award_kind text, award_key text, user_id bigint, change text)
language plpgsql
stable
as $$
declare
    rule record;
    users bigint[];
begin
    for rule in
        select r.id, r.triggered_by, r.updated_at
        from reward.award_rules as r
        where r.enabled and (rule_keys is null or r.key = any(rule_keys))
        order by r.key
    loop
        if since is null or rule.triggered_by is null or rule.updated_at >= since then
            return query execute reward.award_rule_changes_sql(rule.id);
        else
            select coalesce(array_agg(distinct e.user_id), '{}') into users
            from core.event_logs as e
            where e.event_type = any(rule.triggered_by) and e.emitted_at >= since and e.user_id is not null;
            return query execute reward.award_rule_changes_sql(rule.id, true) using users;
        end if;
    end loop;
end;
$$;
comment on function reward.evaluate_award_rules(text[], timestamp with time zone) is
'Who would gain (grant) or lose (revoke) each award if the enabled rules (or those named) ran now. '
'Writes nothing. Given since: a rule with triggered_by, unchanged since then, only for the users of '
'its events since then.';

create function reward.keep_award_rule_version()
returns trigger
language plpgsql
as $$
begin
    insert into reward.award_rule_versions (rule_id, version, query, revocable)
    values (new.id, new.version, new.query, new.revocable)
    on conflict (rule_id, version) do nothing;
    return null;
end;
$$;
comment on function reward.keep_award_rule_version() is
'AFTER INSERT/UPDATE on reward.award_rules: keeps the version in reward.award_rule_versions.';

create function reward.record_achievement_progress(
    p_user_id bigint, p_achievement_key text, p_amount integer, p_from_user_id bigint default null::bigint
)
returns table (
    achievement_key text,
    current integer,
    target integer,
    unique_users integer,
    day_span integer,
    validated_count integer,
    unlocked boolean,
    missing text
)
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
#variable_conflict use_column
declare
    achievement reward.achievements;
    progress reward.achievement_progress;
    from_other boolean := p_from_user_id is not null and p_from_user_id <> p_user_id;
    still_missing text[];
begin
    select * into achievement from reward.achievements as a where a.key = p_achievement_key;
    if not found or achievement.progress_target is null then
        raise exception 'no progress-based achievement %', p_achievement_key using errcode = 'no_data_found';
    end if;
    if p_amount is null or p_amount < 1 then
        raise exception 'progress amount must be at least 1, not %', p_amount using errcode = 'check_violation';
    end if;
    insert into reward.achievement_progress as p (
        user_id, achievement_id, current, target, unique_users, first_date, last_date, day_span, validated_count
    )
    values (
        p_user_id, achievement.id, p_amount, achievement.progress_target,
        case when from_other then array[p_from_user_id] else '{}' end,
        now(), now(), 0, from_other::integer
    )
    on conflict (user_id, achievement_id) do update
    set
        current = p.current + p_amount,
        target = achievement.progress_target,
        unique_users = case
            when from_other and not p_from_user_id = any(p.unique_users) then p.unique_users || p_from_user_id
            else p.unique_users
        end,
        first_date = coalesce(p.first_date, now()),
        last_date = now(),
        day_span = now()::date - coalesce(p.first_date, now())::date,
        validated_count = p.validated_count + from_other::integer,
        last_updated = now()
    returning * into progress;
    still_missing := reward.achievement_requirements_missing(p_user_id, achievement.id);
    if cardinality(still_missing) = 0 then
        insert into reward.user_achievements (user_id, achievement_key, achievement_id)
        values (p_user_id, achievement.key, achievement.id)
        on conflict (user_id, achievement_key) do nothing;
    end if;
    return query select
        achievement.key, progress.current, progress.target, cardinality(progress.unique_users),
        progress.day_span, progress.validated_count, cardinality(still_missing) = 0,
        nullif(array_to_string(still_missing, ', '), '');
end;
$$;
comment on function reward.record_achievement_progress(bigint, text, integer, bigint) is
'Adds progress towards an achievement, keeps the anti-gaming fields and unlocks it once every '
'requirement holds.';

create function reward.record_ledger_row()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
declare
    -- Trigger arguments: the ledger's amount column, the user total it moves.
    amount_column constant text := tg_argv[0];
    total_column constant text := tg_argv[1];
    amount bigint := (to_jsonb(new) ->> amount_column)::bigint;
    ledger text;
    corrected record;
    earlier_correction bigint;
begin
    -- The total first: the user's row lock it takes orders this row after
    -- every other row of the same user still being written (see below).
    execute format('update core.users set %I = %I + $1 where id = $2', total_column, total_column)
    using amount, new.user_id;
    new.corrects_created_at := null;
    if new.corrects_id is not null then
        ledger := core.written_table_name(tg_relid);
        execute format('select user_id, created_at, %I as amount from %s where id = $1', amount_column, ledger)
        into corrected using new.corrects_id;
        if corrected.user_id is distinct from new.user_id or corrected.amount is distinct from -amount then
            raise exception '% row % must take back exactly % of user %''s row %',
                ledger, new.id, corrected.amount, corrected.user_id, new.corrects_id
                using errcode = 'check_violation';
        end if;
        -- Taken back once. Another correction of the row is the same user's:
        -- committed before the lock above was granted, it is seen here.
        execute format('select id from %s where corrects_id = $1 and user_id = $2 limit 1', ledger)
        into earlier_correction using new.corrects_id, new.user_id;
        if earlier_correction is not null then
            raise exception '% row % is taken back already, by row %', ledger, new.corrects_id, earlier_correction
                using errcode = 'unique_violation';
        end if;
        new.corrects_created_at := corrected.created_at;
    end if;
    return new;
end;
$$;
comment on function reward.record_ledger_row() is
'BEFORE INSERT on a ledger: adds the amount (arg 1) to the user total (arg 2); checks a compensating '
'row (same user, amount negated, the row not taken back before) and names its row''s time.';

create function reward.record_streak_activity(p_user_id bigint, p_day date default null::date)
returns setof reward.streaks
language plpgsql
as $$
declare
    active_day constant date := coalesce(p_day, (now() at time zone 'UTC')::date);
    streak reward.streaks;
    covered_through date;
    new_length integer;
    new_freezes integer;
begin
    insert into reward.streaks (user_id) values (p_user_id) on conflict (user_id) do nothing;
    -- The row lock serialises two activities of one user.
    select s.* into streak from reward.streaks as s where s.user_id = p_user_id for update;
    if streak.last_active_on >= active_day then
        -- Already counted (or an older day reported late): nothing changes.
        return next streak;
        return;
    end if;
    covered_through := coalesce(streak.settled_on, streak.last_active_on);
    new_freezes := streak.freezes_available;
    if streak.current_length > 0 and covered_through >= active_day - 1 then
        new_length := streak.current_length + 1;
    else
        if streak.current_length > 0 then
            insert into reward.streak_events (user_id, kind, on_date, length_before, length_after, freezes_after)
            values (p_user_id, 'break', covered_through + 1, streak.current_length, 0, new_freezes)
            on conflict on constraint streak_events_once_key do nothing;
        end if;
        new_length := 1;
    end if;
    if new_length % core.setting_numeric('streak_freeze_every_days')::integer = 0
        and new_freezes < core.setting_numeric('streak_max_freezes')::integer then
        new_freezes := new_freezes + 1;
        insert into reward.streak_events (user_id, kind, on_date, length_before, length_after, freezes_after)
        values (p_user_id, 'freeze_earned', active_day, new_length - 1, new_length, new_freezes)
        on conflict on constraint streak_events_once_key do nothing;
    end if;
    return query
    update reward.streaks as s
    set
        current_length = new_length,
        longest_length = greatest(s.longest_length, new_length),
        last_active_on = active_day,
        settled_on = active_day,
        freezes_available = new_freezes,
        updated_at = now()
    where s.user_id = p_user_id
    returning s.*;
end;
$$;
comment on function reward.record_streak_activity(bigint, date) is
'A user was active on a UTC day (today by default): extends, or breaks and restarts, the streak; may '
'earn a freeze.';

create function reward.refuse_app_accept_events()
returns trigger
language plpgsql
as $$
begin
    if new.event_type in ('ANSWER_ACCEPTED', 'ACCEPT_GIVEN') and new.corrects_id is null
        and not core.caller_is_owner() then
        raise exception 'reputation for accepting an answer is written only by community.accept_answer'
            using errcode = 'insufficient_privilege';
    end if;
    return new;
end;
$$;
comment on function reward.refuse_app_accept_events() is
'BEFORE INSERT on reward.reputation_ledger: ANSWER_ACCEPTED and ACCEPT_GIVEN rows come only from the '
'database.';

create function reward.refuse_early_unlock()
returns trigger
language plpgsql
as $$
declare
    achievement_id bigint := coalesce(
        new.achievement_id, (select a.id from reward.achievements as a where a.key = new.achievement_key)
    );
    missing text[] := reward.achievement_requirements_missing(new.user_id, achievement_id);
begin
    if cardinality(missing) > 0 then
        raise exception 'achievement % is not earned yet by user %: %',
            new.achievement_key, new.user_id, array_to_string(missing, ', ')
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;
comment on function reward.refuse_early_unlock() is
'BEFORE INSERT on reward.user_achievements: an achievement with requirements unlocks only when they '
'hold.';

create function reward.run_award_rules(
    rule_keys text[] default null::text[], since timestamp with time zone default null::timestamp with time zone
)
returns table (
    run_id bigint, rule_key text, rule_version integer, award_kind text, award_key text, user_id bigint, change text
)
language plpgsql
as $$
#variable_conflict use_column
declare
    this_run bigint;
begin
    insert into reward.award_runs (rule_keys) values (rule_keys) returning id into this_run;
    create temporary table award_plan on commit drop as
    select e.*, r.id as rule_id, r.badge_id, a.id as achievement_id
    from reward.evaluate_award_rules(rule_keys, since) as e
    inner join reward.award_rules as r on e.rule_key = r.key
    left join reward.achievements as a on r.achievement_id = a.id;

    -- Grants first; ON CONFLICT DO NOTHING is what makes a repeat (or two
    -- rules for one award) grant nothing twice.
    with granted_badges as (
        insert into reward.badge_grants (badge_id, user_id, run_id, rule_id, rule_version)
        select p.badge_id, p.user_id, this_run, p.rule_id, p.rule_version
        from award_plan as p
        where p.change = 'grant' and p.badge_id is not null
        on conflict (badge_id, user_id) do nothing
        returning rule_id, rule_version, user_id
    ),
    granted_achievements as (
        insert into reward.user_achievements (user_id, achievement_key, achievement_id, run_id, rule_id, rule_version)
        select p.user_id, p.award_key, p.achievement_id, this_run, p.rule_id, p.rule_version
        from award_plan as p
        where p.change = 'grant' and p.achievement_id is not null
        on conflict (user_id, achievement_key) do nothing
        returning rule_id, rule_version, user_id
    ),
    revoked_badges as (
        delete from reward.badge_grants as g
        using award_plan as p
        where p.change = 'revoke' and g.badge_id = p.badge_id and g.user_id = p.user_id and g.rule_id = p.rule_id
        returning p.rule_id, p.rule_version, g.user_id
    ),
    revoked_achievements as (
        delete from reward.user_achievements as ua
        using award_plan as p
        where
            p.change = 'revoke' and ua.achievement_key = p.award_key and ua.user_id = p.user_id
            and ua.rule_id = p.rule_id
        returning p.rule_id, p.rule_version, ua.user_id
    )
    insert into reward.award_changes (run_id, rule_id, rule_version, user_id, change)
    select this_run, c.rule_id, c.rule_version, c.user_id, c.change
    from (
        select gb.*, 'grant' as change from granted_badges as gb
        union all
        select ga.*, 'grant' from granted_achievements as ga
        union all
        select rb.*, 'revoke' from revoked_badges as rb
        union all
        select ra.*, 'revoke' from revoked_achievements as ra
    ) as c
    order by c.rule_id, c.user_id;

    update reward.award_runs as ar
    set
        granted = (select count(*) from reward.award_changes as c where c.run_id = this_run and c.change = 'grant'),
        revoked = (select count(*) from reward.award_changes as c where c.run_id = this_run and c.change = 'revoke')
    where ar.id = this_run;

    return query
    select this_run, p.rule_key, p.rule_version, p.award_kind, p.award_key, p.user_id, p.change
    from award_plan as p
    inner join reward.award_changes as c
        on c.run_id = this_run and c.rule_id = p.rule_id and c.user_id = p.user_id and c.change = p.change
    order by p.rule_key, p.user_id, p.change;
    drop table award_plan;
end;
$$;
comment on function reward.run_award_rules(text[], timestamp with time zone) is
'Applies evaluate_award_rules (rules, since) as one run: grants and revokes, logged with run and rule '
'version. Repeatable.';

create function reward.settle_streaks(p_day date default null::date)
returns table (user_id bigint, kind text, first_day date, days integer, length_after integer, freezes_after integer)
language plpgsql
as $$
#variable_conflict use_column
declare
    settled_day constant date := coalesce(p_day, (now() at time zone 'UTC')::date - 1);
begin
    if settled_day >= (now() at time zone 'UTC')::date then
        raise exception 'cannot settle streaks for %: only a day that has ended (UTC) can be settled', settled_day
            using errcode = 'invalid_parameter_value';
    end if;
    return query
    with due as (
        select
            s.user_id,
            s.current_length,
            s.freezes_available,
            coalesce(s.settled_on, s.last_active_on) as covered_through,
            settled_day - coalesce(s.settled_on, s.last_active_on) as missed
        from reward.streaks as s
        where s.current_length > 0 and coalesce(s.settled_on, s.last_active_on) < settled_day
        for update
    ),

    frozen as (
        update reward.streaks as s
        set freezes_available = s.freezes_available - d.missed, settled_on = settled_day, updated_at = now()
        from due as d
        where s.user_id = d.user_id and d.freezes_available >= d.missed
        returning s.user_id, d.covered_through, d.missed, s.current_length, s.freezes_available
    ),

    broken as (
        update reward.streaks as s
        set current_length = 0, updated_at = now()
        from due as d
        where s.user_id = d.user_id and d.freezes_available < d.missed
        returning s.user_id, d.covered_through, d.current_length as length_before, s.freezes_available
    ),

    -- A data-modifying WITH always runs to completion, read or not.
    recorded as (
        insert into reward.streak_events (user_id, kind, on_date, length_before, length_after, freezes_after)
        select
            f.user_id,
            'freeze_spent',
            f.covered_through + n,
            f.current_length,
            f.current_length,
            f.freezes_available + f.missed - n
        from frozen as f
        cross join generate_series(1, f.missed) as n
        union all
        select b.user_id, 'break', b.covered_through + 1, b.length_before, 0, b.freezes_available
        from broken as b
        on conflict on constraint streak_events_once_key do nothing
        returning 1
    )

    select f.user_id, 'freeze_spent', f.covered_through + 1, f.missed, f.current_length, f.freezes_available
    from frozen as f
    union all
    select b.user_id, 'break', b.covered_through + 1, 0, 0, b.freezes_available
    from broken as b
    order by 1;
end;
$$;
comment on function reward.settle_streaks(date) is
'Nightly, for a UTC day that has ended (yesterday by default): spends freezes on missed days or '
'breaks the streak.';

create function reward.achievement_requirements_missing(p_user_id bigint, p_achievement_id bigint)
returns text[]
language sql
stable
as $$
    select array_remove(array[
        case when a.progress_target is not null and coalesce(p.current, 0) < a.progress_target
            then format('progress %s of %s', coalesce(p.current, 0), a.progress_target) end,
        case when a.min_unique_users is not null
            and coalesce(cardinality(p.unique_users), 0) < a.min_unique_users
            then format('%s of %s distinct users', coalesce(cardinality(p.unique_users), 0), a.min_unique_users)
        end,
        case when a.min_day_span is not null and coalesce(p.day_span, 0) < a.min_day_span
            then format('%s of %s days', coalesce(p.day_span, 0), a.min_day_span) end
    ], null)
    from reward.achievements as a
    left join reward.achievement_progress as p
        on p.achievement_id = a.id and p.user_id = p_user_id
    where a.id = p_achievement_id;
$$;
comment on function reward.achievement_requirements_missing(bigint, bigint) is
'What a user still lacks for an achievement (progress, distinct users, days); empty when it may '
'unlock.';

create function reward.award_rule_changes_sql(p_rule_id bigint, p_given_users_only boolean default false)
returns text
language sql
stable
as $$
    select format($rule$
        with matched as (
            select distinct rule_result.user_id::bigint as user_id
            from (%s) as rule_result
            inner join core.users as u on u.id = rule_result.user_id
            where %s
        ),
        holders as (select held.* from (%s) as held where %s)
        select %L::text, %s, %L::text, %L::text, g.user_id, 'grant'
        from (select m.user_id from matched as m except select h.user_id from holders as h) as g
        union all
        select %L::text, %s, %L::text, %L::text, r.user_id, 'revoke'
        from (
            select h.user_id from holders as h where %L::boolean and h.rule_id = %s
            except
            select m.user_id from matched as m
        ) as r
        order by 5, 6
    $rule$,
        r.query,
        case when p_given_users_only then 'rule_result.user_id = any($1)' else 'true' end,
        case
            when r.badge_id is not null then
                format('select g.user_id, g.rule_id from reward.badge_grants as g where g.badge_id = %s', b.id)
            else
                format('select ua.user_id, ua.rule_id from reward.user_achievements as ua'
                    || ' where ua.achievement_key = %L', a.key)
        end,
        case when p_given_users_only then 'held.user_id = any($1)' else 'true' end,
        r.key, r.version, case when r.badge_id is not null then 'badge' else 'achievement' end, coalesce(b.key, a.key),
        r.key, r.version, case when r.badge_id is not null then 'badge' else 'achievement' end, coalesce(b.key, a.key),
        r.revocable, r.id
    )
    from reward.award_rules as r
    left join reward.badges as b on r.badge_id = b.id
    left join reward.achievements as a on r.achievement_id = a.id
    where r.id = p_rule_id;
$$;
comment on function reward.award_rule_changes_sql(bigint, boolean) is
'The statement that lists one award rule''s grants and revokes (set operations: linear whatever the '
'statistics); with p_given_users_only, for the users in the array bound as $1 only.';

-- Views

create view reward.user_ledger_totals as
with xp as (
    select
        user_id,
        sum(final_xp) as ledger_xp
    from reward.xp_ledger
    group by user_id
),

reputation as (
    select
        user_id,
        sum(change) as ledger_reputation
    from reward.reputation_ledger
    group by user_id
)

select
    u.id as user_id,
    coalesce(x.ledger_xp, 0) as ledger_xp,
    coalesce(r.ledger_reputation, 0) as ledger_reputation
from core.users as u
left join xp as x on u.id = x.user_id
left join reputation as r on u.id = r.user_id;
comment on view reward.user_ledger_totals is
'Per user, the sums of the XP and reputation ledgers: what core.users.total_xp and total_reputation '
'must be.';

-- Triggers

create trigger achievements_touch_updated_at
before update on reward.achievements
for each row
execute function core.touch_updated_at();

create trigger award_rules_check
before insert or update on reward.award_rules
for each row
execute function reward.check_award_rule();

create trigger award_rules_keep_version
after insert or update on reward.award_rules
for each row
execute function reward.keep_award_rule_version();

create trigger badge_grants_log_event
after insert on reward.badge_grants
for each row
execute function core.log_event('award.granted', 'user_id', 'badge_id');

create trigger challenges_creator_names_a_user
after insert or update of created_by_id on reward.challenges
for each row
execute function core.refuse_unknown_users('created_by_id');

create trigger challenges_touch_updated_at
before update on reward.challenges
for each row
execute function core.touch_updated_at();

create trigger leaderboard_snapshots_immutable
before delete or update on reward.leaderboard_snapshots
for each row
execute function core.refuse_change();

create trigger leaderboard_snapshots_no_truncate
before truncate on reward.leaderboard_snapshots
for each statement
execute function core.refuse_change();

create trigger reputation_ledger_accept_award
before insert on reward.reputation_ledger
for each row
execute function reward.accept_award('change');

create trigger reputation_ledger_accept_owner_events
before insert on reward.reputation_ledger
for each row
execute function reward.refuse_app_accept_events();

create trigger reputation_ledger_append_only
before delete or update on reward.reputation_ledger
for each row
execute function core.refuse_change();

create trigger reputation_ledger_apply_daily_cap
before insert on reward.reputation_ledger
for each row
execute function reward.apply_daily_cap('change', 'reputation', 'daily_reputation_cap');

create trigger reputation_ledger_no_truncate
before truncate on reward.reputation_ledger
for each statement
execute function core.refuse_change();

create trigger reputation_ledger_record_row
before insert on reward.reputation_ledger
for each row
execute function reward.record_ledger_row('change', 'total_reputation');

create trigger user_achievements_log_event
after insert on reward.user_achievements
for each row
execute function core.log_event('award.granted', 'user_id', 'achievement_key');

create trigger user_achievements_refuse_early_unlock
before insert on reward.user_achievements
for each row
execute function reward.refuse_early_unlock();

create trigger xp_ledger_accept_award
before insert on reward.xp_ledger
for each row
execute function reward.accept_award('final_xp');

create trigger xp_ledger_add_to_periods
after insert on reward.xp_ledger
for each row
execute function reward.add_to_xp_periods();

create trigger xp_ledger_append_only
before delete or update on reward.xp_ledger
for each row
execute function core.refuse_change();

create trigger xp_ledger_apply_daily_cap
before insert on reward.xp_ledger
for each row
execute function reward.apply_daily_cap('final_xp', 'xp', 'daily_xp_cap');

create trigger xp_ledger_no_truncate
before truncate on reward.xp_ledger
for each statement
execute function core.refuse_change();

create trigger xp_ledger_record_row
before insert on reward.xp_ledger
for each row
execute function reward.record_ledger_row('final_xp', 'total_xp');

-- Monthly partitions: registered here, created (and dropped past retention) by core.maintain_partitions()

insert into core.partitioned_tables (table_name, retention_setting, keep_while, why) values
('reward.award_changes', null, null, 'every award a rule run granted or revoked; no retention: its months are kept'),
(
    'reward.nudge_history',
    null,
    null,
    'every nudge sent, one of a kind per user per day; no retention: its months are kept'
),
(
    'reward.reputation_ledger',
    null,
    null,
    'every reputation change; the totals are its sums, so no retention: its months are kept'
),
(
    'reward.streak_events',
    null,
    null,
    'every streak freeze and break, one of a kind per user per day; no retention: its months are kept'
),
('reward.xp_ledger', null, null, 'every XP award; the totals are its sums, so no retention: its months are kept');

select
    table_name,
    partition_name,
    action
from core.maintain_partitions();
