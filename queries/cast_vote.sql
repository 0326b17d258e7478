-- name: cast_vote
-- description: Vote on an answer or a doubt and give its author the reputation (daily cap applies)
-- mode: write
-- param: voter_id int >= 1 | the user voting
-- param: content choice(answer|doubt) | what is voted on
-- param: content_id int >= 1 | the answer or doubt id
-- param: direction choice(up|down) = up | upvote or downvote
--
-- One vote per user and content: voting again changes nothing and returns
-- no row. Votes on one's own content are not recorded. A suspended voter is
-- refused (exit 3); a shadow-banned one's vote is kept without reputation.
-- The author's reputation row names the vote in source_id ('<table>:<vote
-- id>'), so a confirmed serial-voting flag can reverse it; the ledger
-- trigger applies the daily reputation cap (cap_trimmed shows what it
-- withheld). The rules are community.cast_vote's; change_vote turns a vote
-- round.
select
    v.vote_id,
    v.author_id,
    v.reputation_change,
    v.cap_trimmed
from community.cast_vote({{ voter_id }}::bigint, '{{ content }}', {{ content_id }}::bigint, '{{ direction }}') as v
