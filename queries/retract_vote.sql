-- name: retract_vote
-- description: Take back a vote on an answer or doubt, and the reputation it gave its author
-- mode: write
-- param: voter_id int >= 1 | the user who voted
-- param: content choice(answer|doubt) | what was voted on
-- param: content_id int >= 1 | the answer or doubt id
--
-- The vote is removed and a compensating reputation row (corrects_id)
-- takes back exactly what the vote gave. To change a vote, retract it and
-- cast the other one (cast_vote). No vote: exit 3, nothing changes.
select
    r.vote_id,
    r.vote_value,
    r.reputation_taken_back
from community.retract_vote({{ voter_id }}::bigint, '{{ content }}', {{ content_id }}::bigint) as r
