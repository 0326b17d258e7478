-- description: the per-user vote totals equal the vote graph's sums (kept by refresh_vote_graph; a full run repairs)
with given as (
    select
        g.voter_id as user_id,
        sum(g.vote_count) as votes_given,
        count(*) as pairs_given,
        sum(g.vote_count * g.reciprocity) as votes_returned
    from community.vote_graph as g
    group by g.voter_id
),

received as (
    select
        g.target_user_id as user_id,
        sum(g.vote_count) as votes_received,
        sum(g.upvote_count) as upvotes_received
    from community.vote_graph as g
    group by g.target_user_id
),

expected as (
    select
        coalesce(g.user_id, r.user_id) as user_id,
        coalesce(g.votes_given, 0) as votes_given,
        coalesce(g.pairs_given, 0) as pairs_given,
        coalesce(g.votes_returned, 0) as votes_returned,
        coalesce(r.votes_received, 0) as votes_received,
        coalesce(r.upvotes_received, 0) as upvotes_received
    from given as g
    full join received as r on g.user_id = r.user_id
)

select
    coalesce(e.user_id, t.user_id) as user_id,
    e.votes_given as graph_votes_given,
    t.votes_given as totals_votes_given,
    e.votes_received as graph_votes_received,
    t.votes_received as totals_votes_received,
    e.votes_returned as graph_votes_returned,
    t.votes_returned as totals_votes_returned
from expected as e
full join community.user_vote_totals as t on e.user_id = t.user_id
where
    (e.votes_given, e.pairs_given, e.votes_returned, e.votes_received, e.upvotes_received)
    is distinct from (t.votes_given, t.pairs_given, t.votes_returned, t.votes_received, t.upvotes_received)
order by user_id
