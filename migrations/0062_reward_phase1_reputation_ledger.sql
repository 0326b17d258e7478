-- Seed 004, phase 1: ReputationLedger, every reputation change with its
-- cause (until now only a reputation figure on the user existed).
-- Every column and index the seed gives; voter_trust is the voter's trust
-- (0..1) that weighted the change. The ledger's append-only rule and its
-- compensating rows come with the ledger rules, after the backfills.

create table reward.reputation_ledger (
    id bigint generated always as identity,
    user_id bigint not null,
    event_type text not null,
    change integer not null,
    reason text not null,
    source_id text,
    voter_trust numeric(5, 4),
    created_at timestamptz not null default now(),
    constraint reputation_ledger_pkey primary key (id),
    constraint reputation_ledger_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade,
    constraint reputation_ledger_voter_trust_check check (voter_trust between 0 and 1)
);
comment on table reward.reputation_ledger is
'Every reputation change, positive or negative (seed 004 ReputationLedger).';
comment on column reward.reputation_ledger.event_type is 'Seed ReputationEvent, e.g. ANSWER_UPVOTED.';
comment on column reward.reputation_ledger.change is 'Reputation gained (positive) or lost (negative).';
comment on column reward.reputation_ledger.source_id is 'The vote or answer that caused the change.';

create index idx_reputation_ledger_user_id_created_at on reward.reputation_ledger (user_id, created_at);
create index idx_reputation_ledger_event_type on reward.reputation_ledger (event_type);
