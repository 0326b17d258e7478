-- description: quests' rating, plays_count and review fields equal the rating, progress and review rows they summarise
select
    q.id as quest_id,
    q.rating,
    s.rating as average_rating,
    q.plays_count,
    s.plays_count as sessions,
    q.psychologist_reviewed,
    s.psychologist_reviewed as review_approved
from quest.quests as q
inner join quest.quest_summaries as s on q.id = s.quest_id
where
    q.rating is distinct from s.rating
    or q.plays_count <> s.plays_count
    or q.psychologist_reviewed <> s.psychologist_reviewed
    or q.reviewed_at is distinct from s.reviewed_at
    or q.psychologist_review_id is distinct from s.psychologist_review_id
order by q.id
