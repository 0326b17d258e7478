-- description: questions' usage_count, success_count and success_rate equal their completed games
with actual as (
    select
        (s.mission_data ->> 'question_id')::bigint as question_id,
        count(*) as games,
        count(*) filter (where s.score > 0) as won
    from play.game_sessions as s
    where s.status = 'completed' and s.mission_data ? 'question_id'
    group by (s.mission_data ->> 'question_id')::bigint
)

select
    q.id as question_id,
    q.usage_count,
    coalesce(a.games, 0) as games_completed,
    q.success_count,
    coalesce(a.won, 0) as games_won,
    q.success_rate
from play.game_questions as q
left join actual as a on q.id = a.question_id
where
    q.usage_count <> coalesce(a.games, 0)
    or q.success_count <> coalesce(a.won, 0)
    or q.success_rate is distinct from case
        when q.usage_count > 0 then round(q.success_count::numeric / q.usage_count, 4)
    end
order by q.id
