-- Seed 002, UserTrack: recovery track progress, normalised from the old
-- recovery_tracks JSON. One row per user per track type (seed unique key).
-- track_type (seed RecoveryTrackEnum) and current_phase (TrackPhaseEnum:
-- AWARENESS -> EXPRESSION -> ACTION -> MASTERY) are closed sets; completion
-- is a percentage; completed activities never exceed the total.

create table quest.user_tracks (
    id bigint generated always as identity,
    user_id bigint not null,
    track_type text not null,
    current_phase text not null default 'AWARENESS',
    completion_percentage integer not null default 0,
    total_activities integer not null default 0,
    completed_activities integer not null default 0,
    last_activity_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint user_tracks_pkey primary key (id),
    constraint user_tracks_user_id_track_type_key unique (user_id, track_type),
    constraint user_tracks_user_id_fkey foreign key (user_id) references core.users (id),
    constraint user_tracks_track_type_check
    check (track_type in ('SELF_WORK', 'CHILD_CONNECTION', 'NEGOTIATION', 'COMMUNITY')),
    constraint user_tracks_current_phase_check
    check (current_phase in ('AWARENESS', 'EXPRESSION', 'ACTION', 'MASTERY')),
    constraint user_tracks_completion_percentage_check check (completion_percentage between 0 and 100),
    constraint user_tracks_activities_check check (completed_activities between 0 and total_activities)
);
comment on table quest.user_tracks is 'A user''s progress on one recovery track (seed 002).';
comment on column quest.user_tracks.track_type is
'Seed RecoveryTrackEnum, closed set: SELF_WORK, CHILD_CONNECTION, NEGOTIATION, COMMUNITY.';
comment on column quest.user_tracks.current_phase is
'Seed TrackPhaseEnum, closed set: AWARENESS -> EXPRESSION -> ACTION -> MASTERY.';

create trigger user_tracks_touch_updated_at
before update on quest.user_tracks
for each row execute function core.touch_updated_at();
