-- Baseline of the `community` module: the content and community tables of
-- seed 004's "Already Implemented" list: Doubt, Answer, DoubtVote,
-- AnswerVote, Community, CommunityMember, CommunityDoubt.
-- A vote is +1 or -1, once per voter per post; an accepted answer is marked
-- on the answer. Conventions applied: bigint identity keys, timestamptz,
-- every foreign key indexed.

create schema community;
comment on schema community is 'Q&A learning community: doubts, answers, votes, communities, the vote graph.';

create table community.doubts (
    id bigint generated always as identity,
    author_id bigint not null,
    title text not null,
    body text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint doubts_pkey primary key (id),
    constraint doubts_author_id_fkey foreign key (author_id) references core.users (id)
);
comment on table community.doubts is 'A question (doubt) asked by a learner (seed 004 Doubt).';

create index idx_doubts_author_id_created_at on community.doubts (author_id, created_at);

create table community.answers (
    id bigint generated always as identity,
    doubt_id bigint not null,
    author_id bigint not null,
    body text not null,
    is_accepted boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint answers_pkey primary key (id),
    constraint answers_doubt_id_fkey foreign key (doubt_id) references community.doubts (id),
    constraint answers_author_id_fkey foreign key (author_id) references core.users (id)
);
comment on table community.answers is 'An answer to a doubt (seed 004 Answer).';
comment on column community.answers.is_accepted is 'The doubt''s author accepted this answer.';

create index idx_answers_doubt_id on community.answers (doubt_id);
create index idx_answers_author_id_created_at on community.answers (author_id, created_at);

create table community.doubt_votes (
    id bigint generated always as identity,
    doubt_id bigint not null,
    voter_id bigint not null,
    value integer not null,
    created_at timestamptz not null default now(),
    constraint doubt_votes_pkey primary key (id),
    constraint doubt_votes_doubt_id_voter_id_key unique (doubt_id, voter_id),
    constraint doubt_votes_doubt_id_fkey foreign key (doubt_id) references community.doubts (id),
    constraint doubt_votes_voter_id_fkey foreign key (voter_id) references core.users (id),
    constraint doubt_votes_value_check check (value in (-1, 1))
);
comment on table community.doubt_votes is
'An up (+1) or down (-1) vote on a doubt, once per voter (seed 004 DoubtVote).';

create index idx_doubt_votes_voter_id_created_at on community.doubt_votes (voter_id, created_at);

create table community.answer_votes (
    id bigint generated always as identity,
    answer_id bigint not null,
    voter_id bigint not null,
    value integer not null,
    created_at timestamptz not null default now(),
    constraint answer_votes_pkey primary key (id),
    constraint answer_votes_answer_id_voter_id_key unique (answer_id, voter_id),
    constraint answer_votes_answer_id_fkey foreign key (answer_id) references community.answers (id),
    constraint answer_votes_voter_id_fkey foreign key (voter_id) references core.users (id),
    constraint answer_votes_value_check check (value in (-1, 1))
);
comment on table community.answer_votes is
'An up (+1) or down (-1) vote on an answer, once per voter (seed 004 AnswerVote).';

create index idx_answer_votes_voter_id_created_at on community.answer_votes (voter_id, created_at);

create table community.communities (
    id bigint generated always as identity,
    slug text not null,
    name text not null,
    description text,
    created_by_id bigint not null,
    created_at timestamptz not null default now(),
    constraint communities_pkey primary key (id),
    constraint communities_slug_key unique (slug),
    constraint communities_created_by_id_fkey foreign key (created_by_id) references core.users (id)
);
comment on table community.communities is 'A group of learners (seed 004 Community).';

create index idx_communities_created_by_id on community.communities (created_by_id);

create table community.community_members (
    id bigint generated always as identity,
    community_id bigint not null,
    user_id bigint not null,
    role text not null default 'member',
    joined_at timestamptz not null default now(),
    constraint community_members_pkey primary key (id),
    constraint community_members_community_id_user_id_key unique (community_id, user_id),
    constraint community_members_community_id_fkey
    foreign key (community_id) references community.communities (id),
    constraint community_members_user_id_fkey foreign key (user_id) references core.users (id),
    constraint community_members_role_check check (role in ('member', 'moderator', 'owner'))
);
comment on table community.community_members is 'A user''s membership of a community (seed 004 CommunityMember).';
comment on column community.community_members.role is 'Closed set: member, moderator, owner.';

create index idx_community_members_user_id on community.community_members (user_id);

create table community.community_doubts (
    community_id bigint not null,
    doubt_id bigint not null,
    added_at timestamptz not null default now(),
    constraint community_doubts_pkey primary key (community_id, doubt_id),
    constraint community_doubts_community_id_fkey foreign key (community_id) references community.communities (id),
    constraint community_doubts_doubt_id_fkey foreign key (doubt_id) references community.doubts (id)
);
comment on table community.community_doubts is 'A doubt posted in a community (seed 004 CommunityDoubt).';

create index idx_community_doubts_doubt_id on community.community_doubts (doubt_id);
