-- Seed 003, I010 nudge behaviour loop: NudgeHistory, every nudge sent to a
-- user (the trigger step of the Hooked model), with its message in the
-- user's language and free metadata.
--
-- message is I18N text and metadata an object, checked in the database.
-- A user gets at most one nudge of a kind per day (unique on sent_on), which
-- makes the nudge cron safe to run twice; the weekly cap is a setting,
-- applied by the query.

create table reward.nudge_history (
    id bigint generated always as identity,
    user_id bigint not null,
    nudge_type text not null,
    channel text not null default 'push',
    language varchar(10) not null,
    message jsonb not null,
    metadata jsonb not null default '{}',
    sent_at timestamptz not null default now(),
    sent_on date not null default current_date,
    opened_at timestamptz,
    constraint nudge_history_pkey primary key (id),
    constraint nudge_history_user_id_nudge_type_sent_on_key unique (user_id, nudge_type, sent_on),
    constraint nudge_history_user_id_fkey foreign key (user_id) references core.users (id),
    constraint nudge_history_nudge_type_check
    check (nudge_type in ('inactivity', 'course_reminder', 'challenge_reminder')),
    constraint nudge_history_channel_check check (channel in ('push', 'email', 'chat')),
    constraint nudge_history_message_check check (core.check_i18n_text(message, 'nudge_history.message')),
    constraint nudge_history_metadata_check check (core.check_jsonb_object(metadata, 'nudge_history.metadata')),
    constraint nudge_history_opened_check check (opened_at >= sent_at)
);
comment on table reward.nudge_history is 'Every nudge sent to a user (seed 003, I010); one of a kind per user per day.';
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
