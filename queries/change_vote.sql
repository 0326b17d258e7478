-- name: change_vote
-- description: Turn a vote round (up to down or back): the old vote's reputation is taken back, the new one given
-- mode: write
-- param: voter_id int >= 1 | the user who voted
-- param: content choice(answer|doubt) | what was voted on
-- param: content_id int >= 1 | the answer or doubt id
-- param: direction choice(up|down) | the new direction
--
-- One transaction: the vote is retracted with a compensating reputation row
-- (as retract_vote) and the other direction cast (as cast_vote, daily cap
-- included). No vote to change, or the same direction again: exit 3,
-- nothing changes.
select
    v.vote_id,
    v.author_id,
    v.reputation_change,
    v.cap_trimmed
from community.change_vote({{ voter_id }}::bigint, '{{ content }}', {{ content_id }}::bigint, '{{ direction }}') as v
