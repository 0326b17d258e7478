-- name: recovery_track_progress
-- description: A user's recovery tracks: phase, completion and activities
-- mode: read
-- param: user_id int >= 1 | the user
select
    t.track_type,
    t.current_phase,
    array_position(array['AWARENESS', 'EXPRESSION', 'ACTION', 'MASTERY'], t.current_phase) as phase_number,
    t.completion_percentage,
    t.completed_activities,
    t.total_activities,
    t.last_activity_at
from quest.user_tracks as t
where t.user_id = {{ user_id }}::bigint
order by t.track_type
