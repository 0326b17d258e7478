-- name: approve_review
-- description: Decide a quest's review; an approved quest can be published to the marketplace
-- mode: write
-- param: quest_id int >= 1 | the quest whose review is decided
-- param: approved bool | true to approve, false to reject
-- param: publish bool = true | on approval, also show the quest in the marketplace
select
    id,
    quest_id,
    psychologist_reviewed,
    reviewed_at,
    is_public
from quest.decide_review({{ quest_id }}::bigint, {{ approved }}::boolean, {{ publish }}::boolean)
