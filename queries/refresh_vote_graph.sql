-- name: refresh_vote_graph
-- description: Bring the vote graph (who votes for whom, how reciprocally) up to date with the votes
-- mode: write
-- schedule: 10 * * * *
-- param: recompute_all bool = false | recompute every pair, not only those whose votes changed
--
-- Seed 004: "populated by scheduled job, not updated on every vote". Votes
-- on doubts and answers count towards their author (community.user_votes);
-- self-votes do not count. reciprocity of voter -> target is how many votes came back,
-- relative to the votes given, capped at 1: least(back, given) / given.
--
-- Incremental: the pairs recomputed are those of the users who voted or
-- retracted since the watermark (core.job_watermarks, the database's
-- vote.cast and vote.retracted events), as voter or as target, so the
-- reverse pair's reciprocity follows too. The first run of a day (UTC),
-- the first run ever, and recompute_all=true recompute every pair; both paths give
-- the same graph. The watermark advances in this transaction.
-- Idempotent: rows that did not change are not rewritten; pairs with no
-- votes left are removed.
with progress as (
    select
        w.since,
        {{ recompute_all }}::boolean or w.is_first_of_day as is_full
    from core.job_window('refresh_vote_graph') as w
),

touched as (
    select distinct e.user_id
    from core.event_logs as e
    cross join progress as p
    where
        not p.is_full
        and e.event_type in ('vote.cast', 'vote.retracted')
        and e.emitted_at >= p.since
),

votes as (
    -- every vote when full; else the votes given by, or given to, a touched user (each once: a vote
    -- between two touched users is in both, and UNION keeps one, by its source and id)
    select
        v.source_table,
        v.vote_id,
        v.voter_id,
        v.target_user_id,
        v.value,
        v.created_at
    from community.user_votes as v
    cross join progress as p
    where p.is_full
    union all
    select
        v.source_table,
        v.vote_id,
        v.voter_id,
        v.target_user_id,
        v.value,
        v.created_at
    from community.user_votes as v
    where v.voter_id in (select t.user_id from touched as t)
    union
    select
        v.source_table,
        v.vote_id,
        v.voter_id,
        v.target_user_id,
        v.value,
        v.created_at
    from community.user_votes as v
    where v.target_user_id in (select t.user_id from touched as t)
),

edges as (
    select
        voter_id,
        target_user_id,
        count(*) as vote_count,
        count(*) filter (where value > 0) as upvote_count,
        count(*) filter (where value < 0) as downvote_count,
        max(created_at) as last_vote_at
    from votes
    where voter_id <> target_user_id
    group by voter_id, target_user_id
),

scored as (
    select
        e.voter_id,
        e.target_user_id,
        e.vote_count,
        e.upvote_count,
        e.downvote_count,
        e.last_vote_at,
        -- least() skips NULLs: no votes back must count as 0, not as "all".
        round(least(coalesce(b.vote_count, 0), e.vote_count)::numeric / e.vote_count, 4) as reciprocity
    from edges as e
    left join edges as b on e.target_user_id = b.voter_id and e.voter_id = b.target_user_id
),

-- Only new and changed pairs go to the upsert: comparing first is a join,
-- while an upsert of every pair would check (and lock) each existing row.
changed as (
    select s.*
    from scored as s
    left join community.vote_graph as g on s.voter_id = g.voter_id and s.target_user_id = g.target_user_id
    where
        g.id is null
        or (g.vote_count, g.upvote_count, g.downvote_count, g.reciprocity, g.last_vote_at)
        is distinct from (s.vote_count, s.upvote_count, s.downvote_count, s.reciprocity, s.last_vote_at)
),

written as (
    insert into community.vote_graph as g (
        voter_id, target_user_id, vote_count, upvote_count, downvote_count, reciprocity, last_vote_at
    )
    select
        voter_id,
        target_user_id,
        vote_count,
        upvote_count,
        downvote_count,
        reciprocity,
        last_vote_at
    from changed
    on conflict (voter_id, target_user_id) do update
        set
            vote_count = excluded.vote_count,
            upvote_count = excluded.upvote_count,
            downvote_count = excluded.downvote_count,
            reciprocity = excluded.reciprocity,
            last_vote_at = excluded.last_vote_at
    returning 1
),

removed as (
    delete from community.vote_graph as g
    using progress as p
    where
        (
            p.is_full
            or g.voter_id in (select t.user_id from touched as t)
            or g.target_user_id in (select t.user_id from touched as t)
        )
        and not exists (
            select 1 from edges as e
            where e.voter_id = g.voter_id and e.target_user_id = g.target_user_id
        )
    returning 1
),

advanced as (
    select core.advance_job_watermark('refresh_vote_graph', p.is_full) as advanced
    from progress as p
)

select
    (select p.is_full from progress as p) as full_recompute,
    (select count(*) from touched) as users_touched,
    (select count(*) from edges) as pairs,
    (select count(*) from written) as written,
    (select count(*) from removed) as removed,
    (select a.advanced from advanced as a) as watermark_advanced
