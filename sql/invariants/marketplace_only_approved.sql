-- description: a public quest has an approved psychologist review and passed moderation
select
    q.id as quest_id,
    q.psychologist_reviewed,
    q.moderation_status
from quest.quests as q
left join quest.psychologist_reviews as v on q.id = v.quest_id
where q.is_public and (v.is_approved is not true or q.moderation_status <> 'approved')
order by q.id
