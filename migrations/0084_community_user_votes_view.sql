-- Votes from one user to another: every vote on a doubt or an answer, with
-- the author it counts for. The vote graph refresh and the abuse detectors
-- read this one view, so "who voted for whom" has one definition.
-- source_table and vote_id name the vote row (evidence in abuse flags).
-- Self-votes are included; readers decide whether they count.

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
'Every vote on a doubt or an answer as voter -> author (target_user_id); source_table and vote_id name the vote.';
