-- name: record_track_activity
-- description: Record activities done on a user's recovery track and, optionally, a move to a later phase
-- mode: write
-- param: user_id int >= 1 | the user
-- param: track_type choice(SELF_WORK|CHILD_CONNECTION|NEGOTIATION|COMMUNITY) | the track
-- param: completed int >= 0 = 1 | activities completed now
-- param: total int >= 0 = null | the track's number of activities, when it changes
-- param: phase choice(keep|AWARENESS|EXPRESSION|ACTION|MASTERY) = keep | the phase reached (never back)
--
-- Starts the track on first activity. Completion is derived from the counts.
-- A phase earlier than the current one is refused by the database (exit 3).
insert into quest.user_tracks as t (
    user_id, track_type, current_phase, completed_activities, total_activities, completion_percentage,
    last_activity_at
)
values (
    {{ user_id }}::bigint,
    '{{ track_type }}',
    {% if phase == 'keep' %}
    'AWARENESS',
    {% else %}
    '{{ phase }}',
    {% endif %}
    {{ completed }}::integer,
    greatest(coalesce({{ total }}::integer, 0), {{ completed }}::integer),
    case
        when greatest(coalesce({{ total }}::integer, 0), {{ completed }}::integer) = 0 then 0
        else 100 * {{ completed }}::integer / greatest(coalesce({{ total }}::integer, 0), {{ completed }}::integer)
    end,
    now()
)
on conflict (user_id, track_type) do update
    set
        {% if phase != 'keep' %}
        current_phase = excluded.current_phase,
        {% endif %}
        completed_activities = t.completed_activities + {{ completed }}::integer,  -- noqa: LT02
        total_activities = coalesce({{ total }}::integer, t.total_activities),
        completion_percentage = case
            when coalesce({{ total }}::integer, t.total_activities) = 0 then 0
            else least(
                    100, 100 * (t.completed_activities + {{ completed }}::integer)
                    / coalesce({{ total }}::integer, t.total_activities)
                )
        end,
        last_activity_at = now()
returning user_id, track_type, current_phase, completed_activities, total_activities, completion_percentage
