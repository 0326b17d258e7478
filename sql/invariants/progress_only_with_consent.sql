-- description: stored quest progress belongs to a child whose settings grant consent (or predates a revocation)
select
    p.user_id,
    p.quest_id,
    p.updated_at,
    c.consent_updated_at
from quest.quest_progress as p
left join quest.child_privacy_settings as c on p.user_id = c.user_id
where c.user_id is null or (not c.progress_sync_consent and p.updated_at > c.consent_updated_at)
order by p.user_id, p.quest_id
