-- Seed 004, phase 1: VoteGraph, who votes for whom, how often and how
-- reciprocally; the input of vote-trading and serial-voting detection.
-- The seed says it is "populated by scheduled job, not updated on every
-- vote": a cron query refreshes it from the vote tables. Every column and
-- index the seed gives; reciprocity is a share in 0..1.

create table community.vote_graph (
    id bigint generated always as identity,
    voter_id bigint not null,
    target_user_id bigint not null,
    vote_count integer not null default 0,
    upvote_count integer not null default 0,
    downvote_count integer not null default 0,
    reciprocity numeric(5, 4) not null default 0.0,
    last_vote_at timestamptz not null default now(),
    constraint vote_graph_pkey primary key (id),
    constraint vote_graph_voter_id_target_user_id_key unique (voter_id, target_user_id),
    constraint vote_graph_voter_id_fkey foreign key (voter_id) references core.users (id) on delete cascade,
    constraint vote_graph_target_user_id_fkey foreign key (target_user_id) references core.users (id) on delete cascade,
    constraint vote_graph_counts_check check (
        upvote_count >= 0 and downvote_count >= 0 and vote_count = upvote_count + downvote_count
    ),
    constraint vote_graph_reciprocity_check check (reciprocity between 0 and 1)
);
comment on table community.vote_graph is
'Votes from one user to another, aggregated by a scheduled job (seed 004 VoteGraph).';
comment on column community.vote_graph.reciprocity is
'How much the target votes back for the voter, 0..1 (1: as many votes back as given).';

create index idx_vote_graph_reciprocity on community.vote_graph (reciprocity);
create index idx_vote_graph_target_user_id on community.vote_graph (target_user_id);
