-- The community module (seed 004): communities, doubts (questions), answers,
-- votes on both, accepted answers, and the vote graph (voter -> author) that
-- the trust module reads.
--
-- Why the rules live here:
-- - One vote per voter per item, never on one's own content; votes change and
--   are retracted through functions that write the reputation ledger in the
--   same transaction, so reputation always matches the votes.
-- - The vote graph is kept by a job from a change log, incrementally; the
--   application may only read it.

-- Tables

create table community.doubts (
    id bigint generated always as identity,
    author_id bigint not null,
    title text not null,
    body text not null,
    created_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null,
    constraint doubts_pkey primary key (id)
);
comment on table community.doubts is 'A question (doubt) asked by a learner (seed 004 Doubt).';
create index idx_doubts_author_id_created_at on community.doubts (author_id, created_at);

create table community.answers (
    id bigint generated always as identity,
    doubt_id bigint not null,
    author_id bigint not null,
    body text not null,
    is_accepted boolean default false not null,
    created_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null,
    constraint answers_pkey primary key (id),
    constraint answers_doubt_id_fkey foreign key (doubt_id) references community.doubts (id)
);
comment on table community.answers is 'An answer to a doubt (seed 004 Answer).';
comment on column community.answers.is_accepted is 'The doubt''s author accepted this answer.';
create index idx_answers_author_id_created_at on community.answers (author_id, created_at);
create index idx_answers_doubt_id on community.answers (doubt_id);

create table community.answer_votes (
    id bigint generated always as identity,
    answer_id bigint not null,
    voter_id bigint not null,
    value integer not null,
    created_at timestamp with time zone default now() not null,
    constraint answer_votes_pkey primary key (id),
    constraint answer_votes_answer_id_voter_id_key unique (answer_id, voter_id),
    constraint answer_votes_value_check check (value in (-1, 1)),
    constraint answer_votes_answer_id_fkey foreign key (answer_id) references community.answers (id)
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
    created_at timestamp with time zone default now() not null,
    constraint communities_pkey primary key (id),
    constraint communities_slug_key unique (slug)
);
comment on table community.communities is 'A group of learners (seed 004 Community).';
create index idx_communities_created_by_id on community.communities (created_by_id);

create table community.community_doubts (
    community_id bigint not null,
    doubt_id bigint not null,
    added_at timestamp with time zone default now() not null,
    constraint community_doubts_pkey primary key (community_id, doubt_id),
    constraint community_doubts_community_id_fkey foreign key (community_id) references community.communities (id),
    constraint community_doubts_doubt_id_fkey foreign key (doubt_id) references community.doubts (id)
);
comment on table community.community_doubts is 'A doubt posted in a community (seed 004 CommunityDoubt).';
create index idx_community_doubts_doubt_id on community.community_doubts (doubt_id);

create table community.community_members (
    id bigint generated always as identity,
    community_id bigint not null,
    user_id bigint not null,
    role text default 'member' not null,
    joined_at timestamp with time zone default now() not null,
    constraint community_members_pkey primary key (id, user_id),
    constraint community_members_community_id_user_id_key unique (community_id, user_id),
    constraint community_members_role_check check (role in ('member', 'moderator', 'owner')),
    constraint community_members_community_id_fkey foreign key (community_id) references community.communities (id),
    constraint community_members_user_id_fkey foreign key (user_id) references core.users (id)
);
comment on table community.community_members is 'A user''s membership of a community (seed 004 CommunityMember).';
comment on column community.community_members.role is 'Closed set: member, moderator, owner.';
create index idx_community_members_user_id on community.community_members (user_id);

create table community.doubt_votes (
    id bigint generated always as identity,
    doubt_id bigint not null,
    voter_id bigint not null,
    value integer not null,
    created_at timestamp with time zone default now() not null,
    constraint doubt_votes_pkey primary key (id),
    constraint doubt_votes_doubt_id_voter_id_key unique (doubt_id, voter_id),
    constraint doubt_votes_value_check check (value in (-1, 1)),
    constraint doubt_votes_doubt_id_fkey foreign key (doubt_id) references community.doubts (id)
);
comment on table community.doubt_votes is
'An up (+1) or down (-1) vote on a doubt, once per voter (seed 004 DoubtVote).';
create index idx_doubt_votes_voter_id_created_at on community.doubt_votes (voter_id, created_at);

create table community.user_vote_totals (
    user_id bigint not null,
    votes_given integer default 0 not null,
    pairs_given integer default 0 not null,
    votes_returned numeric default 0 not null,
    given_entropy numeric,
    votes_received integer default 0 not null,
    upvotes_received integer default 0 not null,
    constraint user_vote_totals_pkey primary key (user_id),
    constraint user_vote_totals_counts_check check (
        (
            (pairs_given >= 0 and pairs_given <= votes_given)
            and (upvotes_received >= 0 and upvotes_received <= votes_received)
            and (votes_returned >= 0 and votes_returned <= votes_given)
        )
    ),
    constraint user_vote_totals_user_id_fkey foreign key (user_id) references core.users (id)
);
comment on table community.user_vote_totals is
'Per user, the vote graph summed (kept by community.refresh_vote_graph): what trust scores and '
'detectors read. A user with no pair has no row.';
comment on column community.user_vote_totals.votes_given is 'Votes given to others: the sum of the pairs'' vote_count.';
comment on column community.user_vote_totals.pairs_given is 'How many people the user voted for.';
comment on column community.user_vote_totals.votes_returned is
'Sum over the user''s pairs of vote_count * reciprocity: how many of the votes given came back.';
comment on column community.user_vote_totals.given_entropy is
'Shannon entropy of whom the votes went to over its maximum ln(votes_given): 1 spread out, 0 all to '
'one person (1 for a single vote; null with none).';
comment on column community.user_vote_totals.votes_received is 'Votes received from others.';
comment on column community.user_vote_totals.upvotes_received is 'Of them, upvotes.';

create table community.vote_graph (
    id bigint generated always as identity,
    voter_id bigint not null,
    target_user_id bigint not null,
    vote_count integer default 0 not null,
    upvote_count integer default 0 not null,
    downvote_count integer default 0 not null,
    reciprocity numeric(5, 4) default 0.0 not null,
    last_vote_at timestamp with time zone default now() not null,
    constraint vote_graph_pkey primary key (id, voter_id),
    constraint vote_graph_voter_id_target_user_id_key unique (voter_id, target_user_id),
    constraint vote_graph_counts_check check (
        upvote_count >= 0 and downvote_count >= 0 and vote_count = upvote_count + downvote_count
    ),
    constraint vote_graph_reciprocity_check check (reciprocity between 0 and 1),
    constraint vote_graph_voter_id_fkey foreign key (voter_id) references core.users (id) on delete cascade
);
comment on table community.vote_graph is
'Votes from one user to another, aggregated by a scheduled job (seed 004 VoteGraph).';
comment on column community.vote_graph.reciprocity is
'How much the target votes back for the voter, 0..1 (1: as many votes back as given).';
create index idx_vote_graph_reciprocity on community.vote_graph (reciprocity);
create index idx_vote_graph_target_user_id_voter_id on community.vote_graph (target_user_id, voter_id);

create table community.vote_graph_changes (
    id bigint generated always as identity,
    voter_id bigint not null,
    target_user_id bigint not null,
    vote_change integer not null,
    vote_value integer not null,
    voted_at timestamp with time zone not null,
    constraint vote_graph_changes_pkey primary key (id),
    constraint vote_graph_changes_vote_change_check check (vote_change in (-1, 1)),
    constraint vote_graph_changes_vote_value_check check (vote_value in (-1, 1))
);
comment on table community.vote_graph_changes is
'Votes cast (+1) and taken back (-1) as voter -> author, waiting for refresh_vote_graph to add them '
'to the graph. Written by triggers on the votes and their content; no foreign keys (a queue, emptied '
'hourly).';
comment on column community.vote_graph_changes.vote_change is
'+1: a vote now counts for the pair; -1: it no longer does.';
comment on column community.vote_graph_changes.vote_value is 'The vote: 1 up, -1 down.';
comment on column community.vote_graph_changes.voted_at is 'When the vote was cast (its created_at).';

-- Functions and procedures

create function community.accept_answer(p_answer_id bigint, p_user_id bigint)
returns setof community.answers
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
declare
    accepted community.answers;
    previous community.answers;
    asker bigint;
begin
    select * into accepted from community.answers as a where a.id = p_answer_id for update;
    if not found then
        raise exception 'no answer %', p_answer_id using errcode = 'no_data_found';
    end if;
    select d.author_id into asker from community.doubts as d where d.id = accepted.doubt_id for update;
    if asker is distinct from p_user_id then
        raise exception 'only the author of doubt % accepts its answers', accepted.doubt_id
            using errcode = 'check_violation';
    end if;
    if not core.user_may_act(p_user_id) then
        raise exception 'user % is suspended or banned: answer not accepted', p_user_id
            using errcode = 'insufficient_privilege';
    end if;
    if accepted.is_accepted then
        return next accepted;
        return;
    end if;
    for previous in
        select * from community.answers as a where a.doubt_id = accepted.doubt_id and a.is_accepted for update
    loop
        update community.answers as a set is_accepted = false where a.id = previous.id;
        insert into reward.reputation_ledger (user_id, event_type, change, reason, source_id, corrects_id)
        select o.user_id, 'ACCEPT_UNDONE', -o.change, format('answer %s no longer accepted', previous.id),
            o.source_id, o.id
        from reward.reputation_ledger as o
        where
            o.source_id = 'community.answers:' || previous.id and o.corrects_id is null and o.change <> 0
            and not exists (
                select from reward.reputation_ledger as c where c.corrects_id = o.id and c.user_id = o.user_id
            );
    end loop;
    if accepted.author_id <> p_user_id then
        insert into reward.reputation_ledger (user_id, event_type, change, reason, source_id)
        values
        (
            accepted.author_id, 'ANSWER_ACCEPTED', core.setting_numeric('reputation_answer_accepted')::integer,
            format('answer %s accepted', accepted.id), 'community.answers:' || accepted.id
        ),
        (
            p_user_id, 'ACCEPT_GIVEN', core.setting_numeric('reputation_accept_given')::integer,
            format('accepted answer %s', accepted.id), 'community.answers:' || accepted.id
        );
    end if;
    return query
    update community.answers as a set is_accepted = true where a.id = accepted.id returning a.*;
end;
$$;
comment on function community.accept_answer(bigint, bigint) is
'The doubt''s author accepts an answer: reputation for both sides, outside the daily cap; a '
'previously accepted answer of the doubt loses its reputation.';

create function community.cast_vote(p_voter_id bigint, p_content text, p_content_id bigint, p_direction text)
returns table (vote_id bigint, author_id bigint, reputation_change integer, cap_trimmed integer)
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
declare
    author bigint;
    new_vote record;
begin
    if p_content not in ('answer', 'doubt') then
        raise exception 'content must be answer or doubt, not %', p_content using errcode = 'check_violation';
    end if;
    if p_direction not in ('up', 'down') then
        raise exception 'direction must be up or down, not %', p_direction using errcode = 'check_violation';
    end if;
    execute format('select c.author_id from community.%I as c where c.id = $1', p_content || 's')
    into author using p_content_id;
    if author is null or author = p_voter_id then
        return;  -- no such content, or one's own: nothing is recorded
    end if;
    execute format(
        'insert into community.%I as v (%I, voter_id, value) values ($1, $2, $3) on conflict do nothing'
        ' returning v.id, v.value', p_content || '_votes', p_content || '_id')
    into new_vote using p_content_id, p_voter_id, case when p_direction = 'up' then 1 else -1 end;
    if new_vote is null then
        return;  -- already voted: one vote per user and content
    end if;
    -- A shadow-banned voter's vote is recorded but moves nobody's reputation.
    return query
    insert into reward.reputation_ledger as r (user_id, event_type, change, reason, source_id, voter_trust)
    select
        author,
        upper(p_content || '_' || p_direction || 'voted'),
        case
            when p_direction = 'down' then core.setting_numeric('reputation_downvote')::integer
            when p_content = 'answer' then core.setting_numeric('reputation_answer_upvote')::integer
            else core.setting_numeric('reputation_doubt_upvote')::integer
        end,
        format('%s %s voted %s', p_content, p_content_id, p_direction),
        format('community.%s_votes:%s', p_content, new_vote.id),
        u.trust_score_cache
    from core.users as u
    where u.id = p_voter_id and not u.is_shadow_banned
    returning new_vote.id, r.user_id, r.change, r.cap_trimmed;
end;
$$;
comment on function community.cast_vote(bigint, text, bigint, text) is
'A vote on an answer or doubt and its author''s reputation (capped; none from a shadow-banned voter). '
'One per user and content; none on one''s own content.';

create function community.change_vote(p_voter_id bigint, p_content text, p_content_id bigint, p_direction text)
returns table (vote_id bigint, author_id bigint, reputation_change integer, cap_trimmed integer)
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
declare
    current_value integer;
    new_value integer := case p_direction when 'up' then 1 when 'down' then -1 end;
begin
    if new_value is null then
        raise exception 'direction must be up or down, not %', p_direction using errcode = 'check_violation';
    end if;
    select r.vote_value into current_value
    from community.retract_vote(p_voter_id, p_content, p_content_id) as r;
    if current_value = new_value then
        raise exception 'user % already voted % on % %', p_voter_id, p_direction, p_content, p_content_id
            using errcode = 'check_violation';
    end if;
    return query select * from community.cast_vote(p_voter_id, p_content, p_content_id, p_direction);
end;
$$;
comment on function community.change_vote(bigint, text, bigint, text) is
'Turns a user''s vote round: retracts it (compensating reputation) and casts the other direction, at '
'once.';

create function community.queue_vote_graph_author_change()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
begin
    -- answers -> answer_votes.answer_id, doubts -> doubt_votes.doubt_id
    execute format(
        'insert into community.vote_graph_changes (voter_id, target_user_id, vote_change, vote_value, voted_at)'
        ' select v.voter_id, side.author_id, side.vote_change, v.value, v.created_at'
        ' from community.%I as v'
        ' cross join (values ($2, -1), ($3, 1)) as side (author_id, vote_change)'
        ' where v.%I = $1 and v.voter_id <> side.author_id',
        left(tg_table_name, -1) || '_votes', left(tg_table_name, -1) || '_id')
    using new.id, old.author_id, new.author_id;
    return null;
end;
$$;
comment on function community.queue_vote_graph_author_change() is
'AFTER UPDATE OF author_id on answers and doubts: moves the content''s votes from the old author''s '
'pairs to the new.';

create function community.queue_vote_graph_change()
returns trigger
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
declare
    vote record := coalesce(new, old);
    author bigint;
begin
    if tg_table_name = 'answer_votes' then
        select a.author_id into author from community.answers as a where a.id = vote.answer_id;
    else
        select d.author_id into author from community.doubts as d where d.id = vote.doubt_id;
    end if;
    if author <> vote.voter_id then  -- a vote for oneself is not an edge
        insert into community.vote_graph_changes (voter_id, target_user_id, vote_change, vote_value, voted_at)
        values (vote.voter_id, author, case tg_op when 'INSERT' then 1 else -1 end, vote.value, vote.created_at);
    end if;
    return null;
end;
$$;
comment on function community.queue_vote_graph_change() is
'AFTER INSERT OR DELETE on answer_votes and doubt_votes: queues the vote for the vote graph.';

create function community.recount_vote_totals(p_voters bigint[])
returns void
language plpgsql
as $$
begin
    if p_voters is null then
        delete from community.user_vote_totals;
        insert into community.user_vote_totals (user_id, votes_received, upvotes_received)
        select
            g.target_user_id,
            sum(g.vote_count),
            sum(g.upvote_count)
        from community.vote_graph as g
        group by g.target_user_id;
    end if;

    with given as (
        select
            g.voter_id,
            g.vote_count,
            g.reciprocity,
            sum(g.vote_count) over (partition by g.voter_id) as votes_given
        from community.vote_graph as g
        where p_voters is null or g.voter_id = any(p_voters)
    ),

    summed as (
        select
            g.voter_id,
            max(g.votes_given) as votes_given,
            count(*) as pairs_given,
            sum(g.vote_count * g.reciprocity) as votes_returned,
            -- Shannon entropy of whom the votes went to, divided by its maximum
            -- ln(votes_given) (every vote to a different person): 1 is as spread
            -- as possible, 0 is every vote to one person. One vote counts as 1.
            -- In double precision (numeric ln() was most of a recount's time),
            -- rounded to 4 places.
            case
                when max(g.votes_given) > 1
                    then round(
                            least(
                                1, -sum((g.vote_count::float8 / g.votes_given) * ln(g.vote_count::float8 / g.votes_given))
                                / ln(max(g.votes_given)::float8)
                            )::numeric,
                            4
                        )
                else 1
            end as given_entropy
        from given as g
        group by g.voter_id
    )

    insert into community.user_vote_totals as t (user_id, votes_given, pairs_given, votes_returned, given_entropy)
    select
        s.voter_id,
        s.votes_given,
        s.pairs_given,
        s.votes_returned,
        s.given_entropy
    from summed as s
    union all
    -- voters asked for with no pair left
    select
        v.user_id,
        0,
        0,
        0,
        null
    from unnest(p_voters) as v (user_id)
    where not exists (select 1 from summed as s where s.voter_id = v.user_id)
    on conflict (user_id) do update
        set
            votes_given = excluded.votes_given,
            pairs_given = excluded.pairs_given,
            votes_returned = excluded.votes_returned,
            given_entropy = excluded.given_entropy;
end;
$$;
comment on function community.recount_vote_totals(bigint[]) is
'Recounts community.user_vote_totals from the vote graph: the given side of these voters (null: '
'everyone, and the received side too). Called by community.refresh_vote_graph.';

create function community.refresh_vote_graph(p_recompute_all boolean)
returns table (changes_applied bigint, pairs_counted bigint, pairs_written bigint, pairs_removed bigint)
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
declare
    voters bigint[];   -- voters of the pairs counted and of their reverse
    targets bigint[];  -- targets of the pairs counted
begin
    -- One refresh at a time; each statement takes its snapshot after the lock.
    perform pg_advisory_xact_lock(hashtextextended('community.refresh_vote_graph', 0));

    with taken as (
        delete from community.vote_graph_changes as q
        returning q.voter_id, q.target_user_id, q.vote_change, q.vote_value, q.voted_at
    ),

    deltas as (
        select
            t.voter_id,
            t.target_user_id,
            sum(t.vote_change)::integer as vote_change,
            coalesce(sum(t.vote_change) filter (where t.vote_value > 0), 0)::integer as upvote_change,
            coalesce(sum(t.vote_change) filter (where t.vote_value < 0), 0)::integer as downvote_change,
            max(t.voted_at) filter (where t.vote_change > 0) as newest_cast,
            bool_or(t.vote_change < 0) as lost_a_vote
        from taken as t
        where not p_recompute_all
        group by t.voter_id, t.target_user_id
    ),

    every_pair as (
        -- everything: every pair from the votes (self-votes are not edges)
        select
            v.voter_id,
            v.target_user_id,
            count(*)::integer as vote_count,
            count(*) filter (where v.value > 0)::integer as upvote_count,
            count(*) filter (where v.value < 0)::integer as downvote_count,
            max(v.created_at) as last_vote_at
        from community.user_votes as v
        where p_recompute_all and v.voter_id <> v.target_user_id
        group by v.voter_id, v.target_user_id
    ),

    counted as (
        -- Each pair's new counts beside its row as it is (old: null for a new pair).
        select
            e.voter_id,
            e.target_user_id,
            e.vote_count,
            e.upvote_count,
            e.downvote_count,
            e.last_vote_at,
            old
        from every_pair as e
        left join community.vote_graph as old on e.voter_id = old.voter_id and e.target_user_id = old.target_user_id
        union all
        -- what changed: the pair's counts plus its changes; the newest vote is
        -- re-read from the votes only when the pair lost one
        select
            d.voter_id,
            d.target_user_id,
            coalesce(old.vote_count, 0) + d.vote_change,
            coalesce(old.upvote_count, 0) + d.upvote_change,
            coalesce(old.downvote_count, 0) + d.downvote_change,
            case
                when d.lost_a_vote then (
                    select max(v.created_at) from community.user_votes as v
                    where v.voter_id = d.voter_id and v.target_user_id = d.target_user_id
                )
                else greatest(old.last_vote_at, d.newest_cast)
            end,
            old
        from deltas as d
        left join community.vote_graph as old on d.voter_id = old.voter_id and d.target_user_id = old.target_user_id
    ),

    affected as (
        -- the pairs counted and, when only some were, the reverse of each: its reciprocity follows
        select c.* from counted as c
        union all
        select
            old.voter_id,
            old.target_user_id,
            old.vote_count,
            old.upvote_count,
            old.downvote_count,
            old.last_vote_at,
            old
        from deltas as d
        inner join community.vote_graph as old on d.target_user_id = old.voter_id and d.voter_id = old.target_user_id
        where not exists (
            select 1 from deltas as r
            where r.voter_id = old.voter_id and r.target_user_id = old.target_user_id
        )
    ),

    scored as (
        -- reciprocity of voter -> target: least(votes back, votes given) / votes given; least()
        -- skips NULLs, and no votes back must count as 0, not as "all"
        select
            a.*,
            round(least(coalesce(b.vote_count, 0), a.vote_count)::numeric / a.vote_count, 4) as reciprocity
        from affected as a
        left join affected as b on a.target_user_id = b.voter_id and a.voter_id = b.target_user_id
        where a.vote_count > 0
    ),

    -- Only new and changed pairs are written, each by its id: comparing first
    -- is a join, while writing every pair would rewrite (and lock) each row.
    updated as (
        update community.vote_graph as g
        set
            vote_count = s.vote_count,
            upvote_count = s.upvote_count,
            downvote_count = s.downvote_count,
            reciprocity = s.reciprocity,
            last_vote_at = s.last_vote_at
        from scored as s
        where
            g.id = (s.old).id
            and ((s.old).vote_count, (s.old).upvote_count, (s.old).downvote_count, (s.old).reciprocity,
                (s.old).last_vote_at)
            is distinct from (s.vote_count, s.upvote_count, s.downvote_count, s.reciprocity, s.last_vote_at)
        returning 1
    ),

    inserted as (
        insert into community.vote_graph (
            voter_id, target_user_id, vote_count, upvote_count, downvote_count, reciprocity, last_vote_at
        )
        select
            s.voter_id,
            s.target_user_id,
            s.vote_count,
            s.upvote_count,
            s.downvote_count,
            s.reciprocity,
            s.last_vote_at
        from scored as s
        where (s.old).id is null
        returning 1
    ),

    emptied as (
        -- pairs whose last vote was taken back
        delete from community.vote_graph as g
        using counted as c
        where g.id = (c.old).id and c.vote_count = 0
        returning 1
    ),

    gone as (
        -- everything: pairs no vote makes any more
        delete from community.vote_graph as g
        where
            p_recompute_all
            and not exists (
                select 1 from every_pair as e
                where e.voter_id = g.voter_id and e.target_user_id = g.target_user_id
            )
        returning 1
    ),

    received_changes as (
        -- what changed: each target's votes received move by the changes of its pairs
        select
            c.target_user_id as user_id,
            sum(c.vote_count - coalesce((c.old).vote_count, 0))::integer as votes_received,
            sum(c.upvote_count - coalesce((c.old).upvote_count, 0))::integer as upvotes_received
        from counted as c
        where not p_recompute_all
        group by c.target_user_id
    ),

    received_added as (
        update community.user_vote_totals as t
        set
            votes_received = t.votes_received + r.votes_received,
            upvotes_received = t.upvotes_received + r.upvotes_received
        from received_changes as r
        where t.user_id = r.user_id
        returning 1
    ),

    received_first as (
        -- (not an upsert: its proposed row would be checked before the conflict is seen)
        insert into community.user_vote_totals (user_id, votes_received, upvotes_received)
        select
            r.user_id,
            r.votes_received,
            r.upvotes_received
        from received_changes as r
        where not exists (select 1 from community.user_vote_totals as t where t.user_id = r.user_id)
        returning 1
    )

    select
        (select count(*) from taken),
        (select count(*) from affected),
        (select count(*) from updated) + (select count(*) from inserted),
        (select count(*) from emptied) + (select count(*) from gone),
        (select coalesce(array_agg(distinct a.voter_id), '{}') from affected as a),
        (select coalesce(array_agg(distinct c.target_user_id), '{}') from counted as c)
    into changes_applied, pairs_counted, pairs_written, pairs_removed, voters, targets;

    perform community.recount_vote_totals(case when not p_recompute_all then voters end);

    -- A user with no pair left has no row.
    delete from community.user_vote_totals as t
    where
        (p_recompute_all or t.user_id = any(voters) or t.user_id = any(targets))
        and t.pairs_given = 0 and t.votes_received = 0;

    return next;
end;
$$;
comment on function community.refresh_vote_graph(boolean) is
'Brings community.vote_graph up to date: adds the queued vote changes to their pairs, or (true) '
'recomputes every pair from the votes; empties the queue either way, and keeps '
'community.user_vote_totals. Returns the changes taken, pairs counted, written and removed.';

create function community.retract_vote(p_voter_id bigint, p_content text, p_content_id bigint)
returns table (vote_id bigint, vote_value integer, reputation_taken_back bigint)
language plpgsql
security definer
set search_path to 'pg_catalog', 'pg_temp'
as $$
declare
    vote_table text;
    found_vote record;
begin
    if p_content not in ('answer', 'doubt') then
        raise exception 'content must be answer or doubt, not %', p_content using errcode = 'check_violation';
    end if;
    if not core.user_may_act(p_voter_id) then
        raise exception 'user % is suspended or banned: vote not retracted', p_voter_id
            using errcode = 'insufficient_privilege';
    end if;
    vote_table := format('community.%I', p_content || '_votes');
    execute format('select v.id, v.value from %s as v where v.%I = $1 and v.voter_id = $2 for update',
        vote_table, p_content || '_id')
    into found_vote using p_content_id, p_voter_id;
    if found_vote is null then
        raise exception 'user % has no vote on % %', p_voter_id, p_content, p_content_id
            using errcode = 'no_data_found';
    end if;
    with taken_back as (
        insert into reward.reputation_ledger as r (user_id, event_type, change, reason, source_id, corrects_id)
        select o.user_id, 'VOTE_RETRACTED', -o.change, format('%s vote on %s %s retracted', case
            when found_vote.value > 0 then 'up' else 'down' end, p_content, p_content_id),
            o.source_id, o.id
        from reward.reputation_ledger as o
        where
            o.source_id = vote_table || ':' || found_vote.id and o.corrects_id is null and o.change <> 0
            and not exists (
                select from reward.reputation_ledger as c where c.corrects_id = o.id and c.user_id = o.user_id
            )
        returning r.change
    )
    select found_vote.id, found_vote.value, coalesce(-sum(t.change), 0)::bigint
    into vote_id, vote_value, reputation_taken_back
    from taken_back as t;
    execute format('delete from %s as v where v.id = $1', vote_table) using found_vote.id;
    return next;
end;
$$;
comment on function community.retract_vote(bigint, text, bigint) is
'Removes a user''s vote on an answer or doubt and takes back the reputation it gave (compensating '
'rows).';

-- Views

create view community.user_votes as
select
    'community.answer_votes' as source_table,
    v.id as vote_id,
    v.voter_id,
    a.author_id as target_user_id,
    v.value,
    v.created_at
from community.answer_votes as v
inner join community.answers as a on v.answer_id = a.id
union all
select
    'community.doubt_votes' as source_table,
    v.id as vote_id,
    v.voter_id,
    d.author_id as target_user_id,
    v.value,
    v.created_at
from community.doubt_votes as v
inner join community.doubts as d on v.doubt_id = d.id;
comment on view community.user_votes is
'Every vote on a doubt or an answer as voter -> author (target_user_id); source_table and vote_id '
'name the vote.';

-- Triggers

create trigger answer_votes_log_event
after insert on community.answer_votes
for each row
execute function core.log_event('vote.cast', 'voter_id', 'answer_id,value');

create trigger answer_votes_log_retraction
after delete on community.answer_votes
for each row
execute function core.log_event('vote.retracted', 'voter_id', 'answer_id,value');

create trigger answer_votes_queue_vote_graph_change
after insert or delete on community.answer_votes
for each row
execute function community.queue_vote_graph_change();

create trigger answer_votes_voter_names_a_user
after insert or update of voter_id on community.answer_votes
for each row
execute function core.refuse_unknown_users('voter_id');

create trigger answers_author_names_a_user
after insert or update of author_id on community.answers
for each row
execute function core.refuse_unknown_users('author_id');

create trigger answers_keep_evaluated
after delete or update of id on community.answers
for each row
execute function learn.keep_evaluated_answers();

create trigger answers_log_acceptance
after update of is_accepted on community.answers
for each row when ((new.is_accepted and (not old.is_accepted)))
execute function core.log_event('answer.accepted', 'author_id', 'doubt_id');

create trigger answers_log_event
after insert on community.answers
for each row
execute function core.log_event('answer.created', 'author_id', 'doubt_id');

create trigger answers_queue_vote_graph_author_change
after update of author_id on community.answers
for each row when ((new.author_id <> old.author_id))
execute function community.queue_vote_graph_author_change();

create trigger communities_creator_names_a_user
after insert or update of created_by_id on community.communities
for each row
execute function core.refuse_unknown_users('created_by_id');

create trigger doubt_votes_log_event
after insert on community.doubt_votes
for each row
execute function core.log_event('vote.cast', 'voter_id', 'doubt_id,value');

create trigger doubt_votes_log_retraction
after delete on community.doubt_votes
for each row
execute function core.log_event('vote.retracted', 'voter_id', 'doubt_id,value');

create trigger doubt_votes_queue_vote_graph_change
after insert or delete on community.doubt_votes
for each row
execute function community.queue_vote_graph_change();

create trigger doubt_votes_voter_names_a_user
after insert or update of voter_id on community.doubt_votes
for each row
execute function core.refuse_unknown_users('voter_id');

create trigger doubts_author_names_a_user
after insert or update of author_id on community.doubts
for each row
execute function core.refuse_unknown_users('author_id');

create trigger doubts_log_event
after insert on community.doubts
for each row
execute function core.log_event('doubt.created', 'author_id');

create trigger doubts_queue_vote_graph_author_change
after update of author_id on community.doubts
for each row when ((new.author_id <> old.author_id))
execute function community.queue_vote_graph_author_change();
