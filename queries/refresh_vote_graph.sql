-- name: refresh_vote_graph
-- description: Rebuild the vote graph (who votes for whom, how reciprocally) from the vote tables
-- mode: write
-- schedule: 10 * * * *
--
-- Seed 004: "populated by scheduled job, not updated on every vote". Votes
-- on doubts and answers count towards their author (community.user_votes);
-- self-votes do not count. reciprocity of voter -> target is how many votes came back,
-- relative to the votes given, capped at 1: least(back, given) / given.
-- Idempotent: rows that did not change are not rewritten; pairs with no
-- votes left are removed.
with edges as (
    select
        voter_id,
        target_user_id,
        count(*) as vote_count,
        count(*) filter (where value > 0) as upvote_count,
        count(*) filter (where value < 0) as downvote_count,
        max(created_at) as last_vote_at
    from community.user_votes
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
    where not exists (
            select 1 from edges as e
            where e.voter_id = g.voter_id and e.target_user_id = g.target_user_id
        )
    returning 1
)

select
    (select count(*) from edges) as pairs,
    (select count(*) from written) as written,
    (select count(*) from removed) as removed
