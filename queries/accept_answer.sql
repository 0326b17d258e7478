-- name: accept_answer
-- description: The doubt's author accepts an answer: reputation for both, outside the daily cap
-- mode: write
-- param: answer_id int >= 1 | the answer
-- param: user_id int >= 1 | the user accepting (must be the doubt's author)
--
-- Accepting another answer of the same doubt takes the first one's
-- reputation back. Accepting again changes nothing.
select
    a.id as answer_id,
    a.doubt_id,
    a.author_id,
    a.is_accepted
from community.accept_answer({{ answer_id }}::bigint, {{ user_id }}::bigint) as a
