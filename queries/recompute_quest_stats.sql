-- name: recompute_quest_stats
-- description: Put back the true rating, play count and review fields of any quest that drifted
-- mode: write
-- schedule: 0 5 * * *
--
-- The quests trigger recomputes these on every write; drift can only come
-- from writes made while it was disabled (bulk loads, maintenance). This
-- touches exactly the quests that differ from quest.quest_summaries (the
-- trigger then writes the true values), and lists what it repaired.
update quest.quests as q
set updated_at = now()
from quest.quest_summaries as s
where
    q.id = s.quest_id
    and (
        q.rating is distinct from s.rating
        or q.plays_count <> s.plays_count
        or q.psychologist_reviewed <> s.psychologist_reviewed
        or q.reviewed_at is distinct from s.reviewed_at
        or q.psychologist_review_id is distinct from s.psychologist_review_id
    )
returning q.id, q.rating, q.plays_count, q.psychologist_reviewed
