-- name: refresh_vote_graph
-- description: Bring the vote graph (who votes for whom, how reciprocally) up to date with the votes
-- mode: write
-- schedule: 10 * * * *
-- param: recompute_all bool = false | recompute every pair from the votes, not only the pairs whose votes changed
--
-- Seed 004: "populated by scheduled job, not updated on every vote". Votes
-- on doubts and answers count towards their author (community.user_votes);
-- self-votes do not count. reciprocity of voter -> target is how many votes came back,
-- relative to the votes given, capped at 1: least(back, given) / given.
--
-- Incremental: each vote cast or taken back since the last run waits in
-- community.vote_graph_changes (queued by triggers with the vote) and is
-- added to its pair once; the reciprocity of those pairs and of their
-- reverse follows (community.refresh_vote_graph). The first run of a day
-- (UTC), the first run ever, and recompute_all=true recompute every pair
-- from the votes; both paths give the same graph. Its watermark is its own
-- (key refresh_vote_graph_queue of core.job_watermarks): while no row has
-- that key, a run is a full one.
-- Idempotent: rows that did not change are not rewritten; pairs with no
-- votes left are removed.
with progress as (
    select {{ recompute_all }}::boolean or is_first_of_day as is_full
    from core.job_window('refresh_vote_graph_queue')
),

refreshed as (
    select r.*
    from progress as p
    cross join lateral community.refresh_vote_graph(p.is_full) as r
),

advanced as (
    select core.advance_job_watermark('refresh_vote_graph_queue', p.is_full) as advanced
    from progress as p
)

select
    p.is_full as full_recompute,
    r.changes_applied,
    r.pairs_counted as pairs,
    r.pairs_written as written,
    r.pairs_removed as removed,
    (select a.advanced from advanced as a) as watermark_advanced
from progress as p
cross join refreshed as r
