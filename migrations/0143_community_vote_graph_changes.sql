-- The vote graph kept by the votes that changed, not by re-reading the
-- history of everyone they touched.
--
-- refresh_vote_graph recomputed every pair of each user who voted or was
-- voted on since its last run, from all of their votes. One percent new
-- votes touch far more than one percent of the users, so an hourly run cost
-- 13% of a full recompute at 5M votes (50.6 s against 382 s), and more as
-- the history grew.
--
-- Now every vote cast or retracted leaves a row in
-- community.vote_graph_changes (voter -> author, +1 or -1, up or down), in
-- the transaction that writes the vote, by a trigger: every writer, or
-- none. An answer or doubt given to another author moves its votes' pairs
-- the same way. community.refresh_vote_graph(false) takes the queued rows
-- out and adds them to their pairs (exactly once: taking a row out and
-- applying it commit together) and recomputes the reciprocity of those
-- pairs and of their reverse; last_vote_at is re-read from the votes only
-- for a pair that lost a vote. refresh_vote_graph(true) recomputes every
-- pair from the votes, and empties the queue in the same statement (the
-- same snapshot: a vote it did not see keeps its row for the next run).
-- Both run as the owner under one advisory lock, so two calls at once
-- cannot both add the same pairs' old counts.
--
-- Per user, community.user_vote_totals keeps what the trust scores read
-- from the graph: votes given, pairs, how much came back, the entropy of
-- whom the votes went to (the voter side, recomputed from the graph for the
-- voters of every pair that changed), and votes and upvotes received (the
-- target side, by adding the pairs' changes: a popular author's thousands
-- of pairs are not re-read for each new vote). A full refresh rebuilds it;
-- nothing reads it before 0147 (after the deploy), which fills it first.
--
-- Before the code deploy: the previous release's refresh_vote_graph goes on
-- writing the graph itself until then (the application's right to write
-- it is taken back after the deploy, 0150). Votes cast before this
-- migration are not in the queue, and the previous release's runs do not
-- empty it: the new query keeps its own watermark
-- (refresh_vote_graph_queue), so its first run is a full one, which
-- recounts everything and empties the queue.
--
-- Two new tables, empty; two trigger functions and four triggers, created
-- last (one short lock on each vote and content table), and the refresh
-- functions.

create table community.vote_graph_changes (
    id bigint generated always as identity,
    voter_id bigint not null,
    target_user_id bigint not null,
    vote_change integer not null,
    vote_value integer not null,
    voted_at timestamptz not null,
    constraint vote_graph_changes_pkey primary key (id),
    constraint vote_graph_changes_vote_change_check check (vote_change in (-1, 1)),
    constraint vote_graph_changes_vote_value_check check (vote_value in (-1, 1))
);
comment on table community.vote_graph_changes is
'Votes cast (+1) and taken back (-1) as voter -> author, waiting for refresh_vote_graph to add them to the '
'graph. Written by triggers on the votes and their content; no foreign keys (a queue, emptied hourly).';
comment on column community.vote_graph_changes.vote_change is
'+1: a vote now counts for the pair; -1: it no longer does.';
comment on column community.vote_graph_changes.vote_value is 'The vote: 1 up, -1 down.';
comment on column community.vote_graph_changes.voted_at is 'When the vote was cast (its created_at).';

create table community.user_vote_totals (
    user_id bigint not null,
    votes_given integer not null default 0,
    pairs_given integer not null default 0,
    votes_returned numeric not null default 0,
    given_entropy numeric,
    votes_received integer not null default 0,
    upvotes_received integer not null default 0,
    constraint user_vote_totals_pkey primary key (user_id),
    constraint user_vote_totals_user_id_fkey foreign key (user_id) references core.users (id),
    constraint user_vote_totals_counts_check check (
        pairs_given between 0 and votes_given
        and upvotes_received between 0 and votes_received
        and votes_returned between 0 and votes_given
    )
);
comment on table community.user_vote_totals is
'Per user, the vote graph summed (kept by community.refresh_vote_graph): what trust scores and detectors read. '
'A user with no pair has no row.';
comment on column community.user_vote_totals.votes_given is 'Votes given to others: the sum of the pairs'' vote_count.';
comment on column community.user_vote_totals.pairs_given is 'How many people the user voted for.';
comment on column community.user_vote_totals.votes_returned is
'Sum over the user''s pairs of vote_count * reciprocity: how many of the votes given came back.';
comment on column community.user_vote_totals.given_entropy is
'Shannon entropy of whom the votes went to over its maximum ln(votes_given): 1 spread out, 0 all to one person '
'(1 for a single vote; null with none).';
comment on column community.user_vote_totals.votes_received is 'Votes received from others.';
comment on column community.user_vote_totals.upvotes_received is 'Of them, upvotes.';

insert into core.table_access (table_name, app_privileges, why)
values
('community.vote_graph_changes', '{SELECT}', 'written by the votes'' triggers, emptied by refresh_vote_graph'),
('community.user_vote_totals', '{SELECT}', 'kept by refresh_vote_graph with the graph');
call core.apply_table_access();

create function community.queue_vote_graph_change() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
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

create function community.queue_vote_graph_author_change() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
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
'AFTER UPDATE OF author_id on answers and doubts: moves the content''s votes from the old author''s pairs to the new.';

create function community.recount_vote_totals(p_voters bigint[]) returns void
language plpgsql as $$
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
'Recounts community.user_vote_totals from the vote graph: the given side of these voters (null: everyone, '
'and the received side too). Called by community.refresh_vote_graph.';

create function community.refresh_vote_graph(p_recompute_all boolean)
returns table (changes_applied bigint, pairs_counted bigint, pairs_written bigint, pairs_removed bigint)
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
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
'Brings community.vote_graph up to date: adds the queued vote changes to their pairs, or (true) recomputes every pair '
'from the votes; empties the queue either way, and keeps community.user_vote_totals. '
'Returns the changes taken, pairs counted, written and removed.';

create trigger answer_votes_queue_vote_graph_change
after insert or delete on community.answer_votes
for each row execute function community.queue_vote_graph_change();

create trigger doubt_votes_queue_vote_graph_change
after insert or delete on community.doubt_votes
for each row execute function community.queue_vote_graph_change();

create trigger answers_queue_vote_graph_author_change
after update of author_id on community.answers
for each row when (new.author_id <> old.author_id)
execute function community.queue_vote_graph_author_change();

create trigger doubts_queue_vote_graph_author_change
after update of author_id on community.doubts
for each row when (new.author_id <> old.author_id)
execute function community.queue_vote_graph_author_change();
