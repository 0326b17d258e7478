-- name: recompute_quest_stats
-- description: Put back the true rating, play count and review fields of any quest that drifted
-- mode: write
-- schedule: 0 5 * * *
--
-- The quests trigger recomputes these on every write; drift can only come
-- from writes made while it was disabled (bulk loads, maintenance). This
-- touches exactly the quests that differ, and lists what it repaired.
update quest.quests as q
set updated_at = now()
where
    q.rating is distinct from (
        select round(avg(r.rating), 2) from quest.quest_ratings as r
        where r.quest_id = q.id
    )
    or q.plays_count <> (
        select coalesce(sum(p.session_count), 0) from quest.quest_progress as p
        where p.quest_id = q.id
    )
    or q.psychologist_reviewed <> exists (
        select 1 from quest.psychologist_reviews as r
        where r.quest_id = q.id and r.is_approved
    )
returning q.id, q.rating, q.plays_count, q.psychologist_reviewed
