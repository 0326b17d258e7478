-- quests' rating, plays_count and review fields equal the rating, progress and review rows they summarise
with ratings as (
    select
        quest_id,
        round(avg(rating), 2) as average_rating
    from quest.quest_ratings
    group by quest_id
),

plays as (
    select
        quest_id,
        sum(session_count) as sessions
    from quest.quest_progress
    group by quest_id
)

select
    q.id as quest_id,
    q.rating,
    r.average_rating,
    q.plays_count,
    p.sessions,
    q.psychologist_reviewed,
    coalesce(v.is_approved, false) as review_approved
from quest.quests as q
left join ratings as r on q.id = r.quest_id
left join plays as p on q.id = p.quest_id
left join quest.psychologist_reviews as v on q.id = v.quest_id
where
    q.rating is distinct from r.average_rating
    or q.plays_count <> coalesce(p.sessions, 0)
    or q.psychologist_reviewed <> coalesce(v.is_approved, false)
    or q.reviewed_at is distinct from (case when v.is_approved then v.reviewed_at end)
    or q.psychologist_review_id is distinct from v.id
order by q.id
