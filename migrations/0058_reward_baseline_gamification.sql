-- Baseline for seed 004, `reward` part: the basic gamification of its
-- "Already Implemented" list: UserStat, PointsLedger (renamed to the XP
-- ledger in phase 3), Level, AchievementProgress, Badge and BadgeGrant,
-- Streak, LeaderboardSnapshot.
-- Achievement and AchievementUnlock already exist: reward.achievements and
-- reward.user_achievements (seed 003's Achievement and UserAchievement) are
-- the one table each that serves both seeds.
-- Conventions applied: bigint identity keys, timestamptz, CHECKs for ranges.

create table reward.user_stats (
    user_id bigint not null,
    doubts_asked integer not null default 0,
    answers_given integer not null default 0,
    answers_accepted integer not null default 0,
    updated_at timestamptz not null default now(),
    constraint user_stats_pkey primary key (user_id),
    constraint user_stats_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade,
    constraint user_stats_counts_check check (doubts_asked >= 0 and answers_given >= 0 and answers_accepted >= 0)
);
comment on table reward.user_stats is 'Basic activity counters per user (seed 004 UserStat).';

create table reward.points_ledger (
    id bigint generated always as identity,
    user_id bigint not null,
    points integer not null,
    description text,
    created_at timestamptz not null default now(),
    constraint points_ledger_pkey primary key (id),
    constraint points_ledger_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
);
comment on table reward.points_ledger is 'Points earned or lost, one row per event (seed 004 PointsLedger).';
comment on column reward.points_ledger.description is 'Why the points were given.';

create index idx_points_ledger_user_id_created_at on reward.points_ledger (user_id, created_at);

create table reward.levels (
    level integer not null,
    name text not null,
    min_xp integer not null,
    constraint levels_pkey primary key (level),
    constraint levels_min_xp_key unique (min_xp),
    constraint levels_level_check check (level >= 1 and min_xp >= 0)
);
comment on table reward.levels is 'Level definitions: reaching min_xp gives the level (seed 004 Level).';

create table reward.achievement_progress (
    id bigint generated always as identity,
    user_id bigint not null,
    achievement_id bigint not null,
    current integer not null default 0,
    target integer not null,
    last_updated timestamptz not null default now(),
    constraint achievement_progress_pkey primary key (id),
    constraint achievement_progress_user_id_achievement_id_key unique (user_id, achievement_id),
    constraint achievement_progress_user_id_fkey
    foreign key (user_id) references core.users (id) on delete cascade,
    constraint achievement_progress_achievement_id_fkey
    foreign key (achievement_id) references reward.achievements (id) on delete cascade,
    constraint achievement_progress_counts_check check (current >= 0 and target > 0)
);
comment on table reward.achievement_progress is
'How far a user is towards an achievement (seed 004 AchievementProgress).';

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

create table reward.badge_grants (
    id bigint generated always as identity,
    badge_id bigint not null,
    user_id bigint not null,
    granted_at timestamptz not null default now(),
    constraint badge_grants_pkey primary key (id),
    constraint badge_grants_badge_id_user_id_key unique (badge_id, user_id),
    constraint badge_grants_badge_id_fkey foreign key (badge_id) references reward.badges (id),
    constraint badge_grants_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
);
comment on table reward.badge_grants is 'A badge granted to a user, once (seed 004 BadgeGrant).';

create index idx_badge_grants_user_id on reward.badge_grants (user_id);

create table reward.streaks (
    user_id bigint not null,
    current_length integer not null default 0,
    longest_length integer not null default 0,
    last_active_on date,
    freezes_available integer not null default 0,
    updated_at timestamptz not null default now(),
    constraint streaks_pkey primary key (user_id),
    constraint streaks_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade,
    constraint streaks_lengths_check check (
        current_length >= 0 and longest_length >= current_length and freezes_available >= 0
    )
);
comment on table reward.streaks is 'A user''s daily activity streak (seed 004 Streak).';
comment on column reward.streaks.freezes_available is 'Missed days the streak can survive.';

create table reward.leaderboard_snapshots (
    id bigint generated always as identity,
    period_type text not null,
    period_start date not null,
    user_id bigint not null,
    rank integer not null,
    score integer not null,
    created_at timestamptz not null default now(),
    constraint leaderboard_snapshots_pkey primary key (id),
    constraint leaderboard_snapshots_period_user_key unique (period_type, period_start, user_id),
    constraint leaderboard_snapshots_user_id_fkey
    foreign key (user_id) references core.users (id) on delete cascade,
    constraint leaderboard_snapshots_period_type_check check (period_type in ('day', 'week', 'month')),
    constraint leaderboard_snapshots_rank_check check (rank >= 1)
);
comment on table reward.leaderboard_snapshots is
'A user''s place in a day, week or month leaderboard, as cached (seed 004 LeaderboardSnapshot).';
comment on column reward.leaderboard_snapshots.period_type is 'Closed set: day, week, month.';

create index idx_leaderboard_snapshots_user_id on reward.leaderboard_snapshots (user_id);
