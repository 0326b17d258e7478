-- name: quest_progress_for_sync
-- description: Children's quest progress for the partner platform, only where consent is given now
-- mode: read
-- schedule: */15 * * * *
-- param: since timestamptz = null | only progress played since this time
--
-- Consent is read at query time: revoking it stops the sync at once.
select
    p.user_id,
    q.quest_id,
    q.inner_edu_quest_id,
    p.current_step,
    p.completed,
    p.session_count,
    p.total_time_minutes,
    p.last_played_at
from quest.quest_progress as p
inner join quest.child_privacy_settings as c on p.user_id = c.user_id and c.progress_sync_consent
inner join quest.quests as q on p.quest_id = q.id
{% if since %}
where p.last_played_at >= {{ since }}::timestamptz
{% endif %}
order by p.last_played_at, p.id
